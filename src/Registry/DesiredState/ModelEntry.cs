using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotswap.Registry.DesiredState;

/// <summary>
/// One model's line in model_list.json. The first five fields are the seed project's format; the rest are ours,
/// optional, and fields that neither knows (written by other tools) are kept as they were.
/// </summary>
public sealed record ModelEntry
{
    /// <summary>
    /// Also how the serializer makes an entry, so a field that the JSON lacks takes the default given here. Without it,
    /// the generated serializer (which Native AOT needs) passes such a field to the constructor as null or a default
    /// array, where the reflection serializer left the property's initial value (dotnet/runtime#84484).
    /// </summary>
    [JsonConstructor]
    public ModelEntry(string path = "", string modelRelativeUri = "", string version = "", string date = "", string model = "", ImmutableArray<string> history = default)
    {
        Path = path;
        ModelRelativeUri = modelRelativeUri;
        Version = version;
        Date = date;
        Model = model;
        History = history.IsDefault ? [] : history;
    }

    [JsonPropertyName("path")]
    public string Path { get; init; }

    [JsonPropertyName("model_relative_uri")]
    public string ModelRelativeUri { get; init; }

    [JsonPropertyName("version")]
    public string Version { get; init; }

    [JsonPropertyName("date")]
    public string Date { get; init; }

    [JsonPropertyName("model")]
    public string Model { get; init; }

    [JsonPropertyName("sha256")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sha256 { get; init; }

    /// <summary>True while an operator holds this version: publishing a newer one does not advance it.</summary>
    [JsonPropertyName("pinned")]
    public bool Pinned { get; init; }

    /// <summary>Versions served before this one, oldest first: what a rollback goes back to.</summary>
    [JsonPropertyName("history")]
    public ImmutableArray<string> History { get; init; }

    [JsonPropertyName("updated_by")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UpdatedBy { get; init; }

    [JsonPropertyName("updated_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? UpdatedAt { get; init; }

    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>A version on trial beside the served one (shadow or canary); null when none is.</summary>
    [JsonPropertyName("candidate")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RolloutCandidate? Candidate { get; init; }

    /// <summary>
    /// The MLflow registry URI this entry follows (<c>models:/NAME@ALIAS</c> or <c>models:/NAME/latest</c>): the control
    /// plane moves it to the version that URI resolves to. Null when publishing advances it instead. A pin holds it too.
    /// </summary>
    [JsonPropertyName("follow")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Follow { get; init; }

    /// <summary>
    /// Where the versions it followed live (MLflow's artifacts, outside the store's folders), for the versions still in
    /// reach (served or in <see cref="History"/>): a rollback or a pin goes back to one without asking MLflow.
    /// </summary>
    [JsonPropertyName("sources")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableSortedDictionary<string, string>? Sources { get; init; }

    /// <summary>Set by the serializer only: the generated one cannot fill an init-only extension data property (dotnet/runtime#107898).</summary>
    [JsonExtensionData]
    [JsonInclude]
    public Dictionary<string, JsonElement>? OtherFields { get; internal set; }

    public const int MaxHistory = 50;

    /// <summary>This entry moved to another version, remembering the one it leaves for rollback.</summary>
    public ModelEntry MovedTo(string version, string path, string modelRelativeUri, string? sha256, DateTimeOffset at)
    {
        if (version == Version)
        {
            return this with { Path = path, ModelRelativeUri = modelRelativeUri, Sha256 = sha256 };
        }

        var history = Version.Length == 0 ? History : History.Add(Version);
        if (history.Length > MaxHistory)
        {
            history = history.RemoveRange(0, history.Length - MaxHistory);
        }

        return this with
        {
            Version = version,
            Path = path,
            ModelRelativeUri = modelRelativeUri,
            Sha256 = sha256,
            Date = at.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
            History = history,
        };
    }

    /// <summary>
    /// This entry moved to a version the registry it follows resolved to, living at <paramref name="path"/>; where it is
    /// is remembered beside the versions a rollback can still reach.
    /// </summary>
    public ModelEntry FollowedTo(string version, string path, string modelRelativeUri, DateTimeOffset at)
    {
        var moved = MovedTo(version, path, modelRelativeUri, sha256: null, at);
        var reachable = moved.History.Add(version);
        var sources = (Sources ?? ImmutableSortedDictionary<string, string>.Empty).SetItem(version, path);
        return moved with { Sources = sources.RemoveRange(sources.Keys.Where(v => !reachable.Contains(v))) };
    }
}
