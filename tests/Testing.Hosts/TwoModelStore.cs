using Hotswap.Contracts.Models;
using Hotswap.Onnx;

namespace Hotswap.Testing.Hosts;

/// <summary>
/// Two models and small request limits, for a host in-process or as a process: iris-like (<c>features</c> float32
/// [-1,3], answering <c>sum(features) + 1</c>) and one with a second, int64 input (<c>offset</c> [-1,1]). The limits
/// are small so that requests over them stay cheap to generate and to send.
/// </summary>
public static class TwoModelStore
{
    public const string OffsetModel = "offset_model";
    public const int MaxBodyBytes = 65536;
    public const int MaxBatchRows = 100;
    public const int MaxTensorElements = 1000;

    public static readonly ModelSignature TwoInputs = new(
        [new("features", "float32", [-1, 3]), new("offset", "int64", [-1, 1])],
        [new("prediction", "float32", [-1, 1])]);

    /// <summary>The host's settings for the limits above; a new dictionary each time, so that no caller changes another's.</summary>
    public static Dictionary<string, string?> Settings => new()
    {
        ["Predict:MaxBodyBytes"] = MaxBodyBytes.ToString(),
        ["Predict:MaxBatchRows"] = MaxBatchRows.ToString(),
        ["Predict:MaxTensorElements"] = MaxTensorElements.ToString(),
    };

    /// <summary>Publishes version 1 of both models; a host serves them once it reports both at version 1.</summary>
    public static async Task PublishAsync(ModelStoreScenario store)
    {
        await store.PublishAsync(1);
        await store.PublishAsync(GeneratedModel.Linear([1f, 2f, 3f], 0.5f) with { OffsetInput = "offset" }, OffsetModel, "1", TwoInputs);
    }
}
