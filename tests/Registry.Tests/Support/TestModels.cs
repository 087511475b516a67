using System.Security.Cryptography;
using Hotswap.Contracts.Models;
using Hotswap.Onnx;
using Hotswap.Registry.Versions;

namespace Hotswap.Registry.Tests.Support;

/// <summary>Small real ONNX payloads and the requests that publish them.</summary>
public static class TestModels
{
    public static ModelSignature LinearSignature { get; } = new(
        [new TensorSpec("features", "float32", [-1, 3])],
        [new TensorSpec("prediction", "float32", [-1, 1])]);

    /// <summary>y = x·[weight, 2, 3] + 0.5: a different weight gives different bytes.</summary>
    public static byte[] LinearOnnx(float weight) => GeneratedModel.Linear([weight, 2f, 3f], bias: 0.5f).ToOnnx();

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static PublishRequest Request(TestStore store, string model, string? version, byte[] onnx) => new()
    {
        Model = model,
        Version = version,
        OnnxFilePath = store.ScratchFile(onnx),
        Signature = LinearSignature,
        RunId = $"run-{model}-{version}",
        Metrics = new Dictionary<string, double> { ["r2"] = 0.9 },
        PublishedBy = "tests",
    };

    /// <summary>Publishes a linear model whose first weight is the version number.</summary>
    public static Task<PublishResult> PublishAsync(this TestStore store, string model, string version) =>
        store.Registry.PublishAsync(Request(store, model, version, LinearOnnx(float.Parse(version, System.Globalization.CultureInfo.InvariantCulture))), TestContext.Current.CancellationToken);

    /// <summary>
    /// Writes a version folder as MLflow writes it (its MLmodel, by default MLflow 2.x's with no metadata block, and a
    /// model.onnx) under the store's <c>model/version</c> folder; returns the ONNX bytes.
    /// </summary>
    public static async Task<byte[]> WriteMlflowFolderAsync(this TestStore store, string model, string version, string? mlModel = null)
    {
        var onnx = LinearOnnx(float.Parse(version, System.Globalization.CultureInfo.InvariantCulture));
        await store.WriteAsync($"{store.Location.Prefix}{model}/{version}/model.onnx", onnx);
        await store.WriteTextAsync($"{store.Location.Prefix}{model}/{version}/MLmodel", mlModel ?? Hotswap.Testing.MlflowFixtures.MlModel2x);
        return onnx;
    }
}
