using Hotswap.Contracts.Models;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>
/// One host serving two models with small request limits: iris-like (<c>features</c> float32 [-1,3], answering
/// <c>sum(features) + 1</c>) and one with a second, int64 input (<c>offset</c> [-1,1]). Shared by the tests of the
/// predict API and by its fuzzing.
/// </summary>
public sealed class TwoModelHost : IAsyncLifetime
{
    public const string OffsetModel = "offset_model";
    public const int MaxBodyBytes = 65536;
    public const int MaxBatchRows = 100;
    public const int MaxTensorElements = 1000;

    public static readonly ModelSignature TwoInputs = new(
        [new("features", "float32", [-1, 3]), new("offset", "int64", [-1, 1])],
        [new("prediction", "float32", [-1, 1])]);

    private readonly S3rverFixture _s3 = new();

    public RunningHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _s3.InitializeAsync();
        var store = new ModelStoreScenario(_s3.Server);
        await store.PublishAsync(1);
        await store.PublishAsync(GeneratedModel.Linear([1f, 2f, 3f], 0.5f) with { OffsetInput = "offset" }, OffsetModel, "1", TwoInputs);
        Host = await RunningHost.StartAsync(store, new Dictionary<string, string?>
        {
            ["Predict:MaxBodyBytes"] = MaxBodyBytes.ToString(),
            ["Predict:MaxBatchRows"] = MaxBatchRows.ToString(),
            ["Predict:MaxTensorElements"] = MaxTensorElements.ToString(),
        });
        await Host.WaitUntilServingAsync("1");
        await Host.WaitUntilServingAsync("1", OffsetModel);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _s3.DisposeAsync();
    }
}
