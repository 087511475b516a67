using Hotswap.Onnx;
using Hotswap.Registry.Versions;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>
/// One host serving the graphs of other tools' shapes: an Identity graph per tensor element type
/// (<c>identity_float16</c>, <c>identity_string</c>, …; <c>x</c> → <c>y</c>, shape [-1, 2]) and scikit-learn's
/// column pipeline (<see cref="SklearnColumnPipeline"/>, model <c>houses</c>: a string input and two numeric ones).
/// </summary>
public sealed class OpenWorldHost : IAsyncLifetime
{
    public const string Houses = "houses";

    private readonly S3rverFixture _s3 = new();

    public RunningHost Host { get; private set; } = null!;

    public static string IdentityModel(string dtype) => $"identity_{dtype}";

    public async ValueTask InitializeAsync()
    {
        await _s3.InitializeAsync();
        var store = new ModelStoreScenario(_s3.Server);
        foreach (var dtype in TypedIdentityModel.DTypes)
        {
            var example = dtype switch { "string" => "\"a\"", "bool" => "true", _ => "1" };
            await PublishAsync(store, IdentityModel(dtype), "1", TypedIdentityModel.ToOnnx(dtype, [-1, 2]), $$"""{"inputs": [[{{example}}, {{example}}]]}""");
        }

        await PublishHousesAsync(store, "1", SklearnColumnPipeline.Houses);
        Host = await RunningHost.StartAsync(store);
        foreach (var dtype in TypedIdentityModel.DTypes)
        {
            await Host.WaitUntilServingAsync("1", IdentityModel(dtype));
        }

        await Host.WaitUntilServingAsync("1", Houses);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _s3.DisposeAsync();
    }

    /// <summary>Publishes <paramref name="pipeline"/> as a version of <see cref="Houses"/>.</summary>
    public static Task PublishHousesAsync(ModelStoreScenario store, string version, SklearnColumnPipeline pipeline) =>
        PublishAsync(store, Houses, version, pipeline.ToOnnx(), """{"dataframe_split": {"columns": ["city", "rooms", "age"], "data": [["Paris", 3, 10]]}}""");

    /// <summary>Publishes a version with an input example and the graph's own signature.</summary>
    private static async Task PublishAsync(ModelStoreScenario store, string model, string version, byte[] onnx, string example)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hotswap-openworld-{Guid.NewGuid():N}.onnx");
        await File.WriteAllBytesAsync(path, onnx);
        try
        {
            using var session = new InferenceSession(onnx);
            await store.Registry.PublishAsync(
                new PublishRequest { Model = model, Version = version, OnnxFilePath = path, Signature = OnnxSignature.Read(session), PublishedBy = "tests", InputExampleJson = example },
                CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
