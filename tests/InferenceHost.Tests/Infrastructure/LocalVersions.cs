using Hotswap.Contracts.Models;
using Hotswap.Onnx;
using Hotswap.Registry;
using Hotswap.Registry.Versions;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>Publishes small linear versions of model <c>m</c> to a local-directory store, for tests of the cache.</summary>
public static class LocalVersions
{
    public static async Task<ModelVersionInfo> PublishAsync(ModelRegistry registry, string scratchDirectory, float weight)
    {
        var ct = TestContext.Current.CancellationToken;
        var onnx = Path.Combine(scratchDirectory, $"source-{Guid.NewGuid():N}.onnx");
        await File.WriteAllBytesAsync(onnx, GeneratedModel.Linear([weight, 1f, 1f], 1f).ToOnnx(), ct);
        var published = await registry.PublishAsync(
            new PublishRequest
            {
                Model = "m",
                OnnxFilePath = onnx,
                Signature = new ModelSignature([new TensorSpec("features", "float32", [-1, 3])], [new TensorSpec("prediction", "float32", [-1, 1])]),
                PublishedBy = "tests",
            },
            ct);
        File.Delete(onnx);
        return published.Version;
    }
}
