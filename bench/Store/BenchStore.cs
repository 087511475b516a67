using Hotswap.Contracts.Models;
using Hotswap.Onnx;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Versions;

namespace Hotswap.Bench.Store;

/// <summary>
/// A local-directory model store (the hosts read it as ModelStore:Uri), written through the registry library exactly
/// as the publisher and the control API write S3: versions, then the desired state.
/// </summary>
public sealed class BenchStore
{
    private const string Actor = "bench";

    public BenchStore(string directory)
    {
        Directory = directory;
        Registry = ModelRegistry.Create(new ModelStoreOptions { Uri = directory }, TimeProvider.System);
    }

    public string Directory { get; }

    public ModelRegistry Registry { get; }

    /// <summary>Publishes <paramref name="generated"/> as <paramref name="model"/> version <paramref name="version"/>; the desired state follows it.</summary>
    public async Task<ModelVersionInfo> PublishAsync(string model, int version, GeneratedModel generated, CancellationToken cancellationToken)
    {
        var onnx = Path.Combine(Path.GetTempPath(), $"hotswap-bench-upload-{Guid.NewGuid():N}.onnx");
        await File.WriteAllBytesAsync(onnx, generated.ToOnnx(), cancellationToken);
        try
        {
            var signature = new ModelSignature(
                [new TensorSpec(generated.InputName, "float32", [-1, generated.Layers[0].Inputs])],
                [new TensorSpec(generated.OutputName, "float32", [-1, generated.Layers[^1].Outputs])]);
            var request = new PublishRequest
            {
                Model = model,
                Version = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                OnnxFilePath = onnx,
                Signature = signature,
                PublishedBy = Actor,
            };
            return (await Registry.PublishAsync(request, cancellationToken)).Version;
        }
        finally
        {
            File.Delete(onnx);
        }
    }

    /// <summary>Writes the desired state: every host following this store moves to <paramref name="version"/>.</summary>
    public Task PinAsync(string model, int version, CancellationToken cancellationToken) =>
        Registry.PinAsync(model, version.ToString(System.Globalization.CultureInfo.InvariantCulture), Actor, "bench flips the desired version", cancellationToken);

    /// <summary>The path of a published version's ONNX file inside the store.</summary>
    public static string OnnxPathOf(ModelVersionInfo version) => Path.Combine(version.Location, version.OnnxFile);
}
