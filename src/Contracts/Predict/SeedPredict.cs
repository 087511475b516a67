using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotswap.Contracts.Predict;

/// <summary>The seed client's request: rows of features, and the model when the host serves several.</summary>
public sealed record SeedPredictRequest(
    [property: JsonPropertyName("data")] JsonElement Data,
    [property: JsonPropertyName("model")] string? Model = null);

/// <summary>The seed client's answer: one prediction per row and the version that made them.</summary>
public sealed record SeedPredictResponse(
    [property: JsonPropertyName("prediction")] JsonElement Prediction,
    [property: JsonPropertyName("model_version")] string ModelVersion);

/// <summary>Response headers that prove which artifact answered a prediction.</summary>
public static class PredictHeaders
{
    public const string Version = "X-Model-Version";
    public const string Model = "X-Model-Name";
    public const string Sha256 = "X-Model-Sha256";
}
