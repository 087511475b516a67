using System.Text.Json.Serialization;

namespace Hotswap.Contracts.Rollouts;

/// <summary>
/// The limits past which a candidate (or a freshly swapped version) is rolled back by itself, over the guard's sliding
/// window. A rule left null takes the host's <c>Guard:*</c> default; a rule whose limit is null there too is off.
/// Written into model_list.json with a candidate, so every host guards by the same rules.
/// </summary>
public sealed record GuardRules
{
    /// <summary>Failed runs over requests, 0 to 1.</summary>
    [JsonPropertyName("max_error_rate")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxErrorRate { get; init; }

    /// <summary>The version's p99 latency over the one it is compared with.</summary>
    [JsonPropertyName("max_p99_ratio")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxP99Ratio { get; init; }

    /// <summary>Mean absolute difference of its outputs from the compared version's, on the same inputs.</summary>
    [JsonPropertyName("max_drift")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxDrift { get; init; }

    /// <summary>Requests (or comparisons) a window needs before its rules may fire.</summary>
    [JsonPropertyName("min_requests")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MinRequests { get; init; }
}
