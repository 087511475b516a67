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

    /// <summary>
    /// What makes these rules unusable, null when nothing does: a negative or non-finite limit would switch a rule off
    /// or fire it on every request, and a window of no requests would arm on none.
    /// </summary>
    public string? Problem() =>
        MaxErrorRate is { } e && !(e is >= 0 and <= 1) ? $"max_error_rate must be from 0 to 1 (got {e})"
        : MaxP99Ratio is { } p && !(p > 0 && double.IsFinite(p)) ? $"max_p99_ratio must be a positive number (got {p})"
        : MaxDrift is { } d && !(d >= 0 && double.IsFinite(d)) ? $"max_drift must be a number of at least 0 (got {d})"
        : MinRequests is < 1 ? $"min_requests must be at least 1 (got {MinRequests})"
        : null;
}
