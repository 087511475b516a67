using System.Text.Json;
using System.Text.Json.Serialization;
using Hotswap.Contracts.Rollouts;

namespace Hotswap.Registry.DesiredState;

/// <summary>
/// The <c>candidate</c> of a model's entry in model_list.json: a version tried on live traffic beside the served one,
/// in shadow or as a canary, until it is promoted or aborted (by an operator or by the guard).
/// </summary>
public sealed record RolloutCandidate
{
    /// <summary>
    /// Also how the serializer makes a candidate, so a field that the JSON lacks takes the default given here rather
    /// than null, as for <see cref="ModelEntry"/>.
    /// </summary>
    [JsonConstructor]
    public RolloutCandidate(string version = "", string path = "", string startedBy = "")
    {
        Version = version;
        Path = path;
        StartedBy = startedBy;
    }

    [JsonPropertyName("version")]
    public string Version { get; init; }

    [JsonPropertyName("mode")]
    public RolloutMode Mode { get; init; }

    /// <summary>Percent of requests a canary answers; 0 for a shadow.</summary>
    [JsonPropertyName("weight")]
    public int Weight { get; init; }

    [JsonPropertyName("guard")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GuardRules? Guard { get; init; }

    [JsonPropertyName("path")]
    public string Path { get; init; }

    [JsonPropertyName("sha256")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sha256 { get; init; }

    [JsonPropertyName("started_at")]
    public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("started_by")]
    public string StartedBy { get; init; }

    [JsonPropertyName("approved_by")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApprovedBy { get; init; }

    [JsonPropertyName("approved_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>Set by the serializer only: the generated one cannot fill an init-only extension data property (dotnet/runtime#107898).</summary>
    [JsonExtensionData]
    [JsonInclude]
    public Dictionary<string, JsonElement>? OtherFields { get; internal set; }

    /// <summary>The entry a host loads the candidate from, the way it loads the served version.</summary>
    public ModelEntry ToEntry() => new() { Version = Version, Path = Path, Sha256 = Sha256 };
}
