using System.Text;
using Hotswap.Contracts.Models;
using Hotswap.Onnx;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Versions;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.Testing.Hosts;

/// <summary>
/// A store under a fresh prefix of the shared s3rver, with helpers to publish generated models whose answers are
/// known: version N of <see cref="PublishAsync(int)"/> predicts <c>sum(features) + N</c>, so every response can be
/// checked against the version it names.
/// </summary>
public sealed class ModelStoreScenario
{
    public const string Model = "iris_model";
    public static readonly ModelSignature ThreeFeatures = new(
        [new TensorSpec("features", "float32", [-1, 3])],
        [new TensorSpec("prediction", "float32", [-1, 1])]);

    /// <summary>One folder per test process for the ONNX files being published; each is deleted once published.</summary>
    private static readonly string Scratch = Directory.CreateTempSubdirectory("hotswap-publish-").FullName;

    public ModelStoreScenario(S3rverProcess server)
    {
        Server = server;
        Prefix = $"t{Guid.NewGuid():N}"[..12];
        Options = server.StoreOptions(Prefix);
        Location = StoreLocation.Parse(Options.Uri);
        // The tests' own writes, large versions included, may take longer than the hosts' short timeout on a loaded
        // machine; only the hosts under test need to give up quickly.
        var writer = server.StoreOptions(Prefix);
        writer.Timeout = TimeSpan.FromSeconds(60);
        Store = S3ObjectStore.Create(writer, Location.Bucket);
        Registry = new ModelRegistry(Store, Location, TimeProvider.System);
    }

    public S3rverProcess Server { get; }
    public string Prefix { get; }
    public ModelStoreOptions Options { get; }
    public StoreLocation Location { get; }
    public IObjectStore Store { get; }
    public ModelRegistry Registry { get; }

    /// <summary>Publishes a version that answers <c>sum(features) + version</c>.</summary>
    public Task<PublishResult> PublishAsync(int version, string model = Model) =>
        PublishAsync(GeneratedModel.Linear([1f, 1f, 1f], version), model, version.ToString());

    public Task<PublishResult> PublishAsync(GeneratedModel generated, string model, string? version = null, ModelSignature? signature = null, string? inputExample = null) =>
        PublishBytesAsync(generated.ToOnnx(), model, version, signature ?? ThreeFeatures, inputExample);

    /// <summary>Publishes a version whose ONNX bytes are <paramref name="onnx"/>, bypassing every check the publisher makes.</summary>
    public Task PublishRawAsync(string version, byte[] onnx, string model = Model) =>
        PublishBytesAsync(onnx, model, version, ThreeFeatures);

    /// <summary>
    /// Publishes an ONNX file as someone else wrote it: its signature read from the graph (what <c>mlflow.onnx.log_model</c>
    /// infers) and no input example.
    /// </summary>
    public Task<PublishResult> PublishOnnxFileAsync(string onnxFile, string model, string version)
    {
        using var session = new InferenceSession(onnxFile);
        return Registry.PublishAsync(
            new PublishRequest { Model = model, Version = version, OnnxFilePath = onnxFile, Signature = OnnxSignature.Read(session), PublishedBy = "tests" },
            CancellationToken.None);
    }

    /// <summary>Replaces a published version's ONNX object, as a corruption in the store would.</summary>
    public async Task OverwriteOnnxAsync(string version, byte[] bytes, string model = Model)
    {
        using var content = new MemoryStream(bytes);
        await Store.WriteAsync($"{Prefix}/{model}/{version}/model.onnx", content, WriteOptions.Default, CancellationToken.None);
    }

    public async Task WriteManifestAsync(string json)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(json));
        await Store.WriteAsync($"{Prefix}/model_list.json", content, WriteOptions.Default, CancellationToken.None);
    }

    private async Task<PublishResult> PublishBytesAsync(byte[] onnx, string model, string? version, ModelSignature signature, string? inputExample = null)
    {
        var path = Path.Combine(Scratch, $"{Guid.NewGuid():N}.onnx");
        await File.WriteAllBytesAsync(path, onnx);
        try
        {
            return await Registry.PublishAsync(
                new PublishRequest { Model = model, Version = version, OnnxFilePath = path, Signature = signature, InputExampleJson = inputExample, PublishedBy = "tests" },
                CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
