using System.Text.Json.Serialization;

namespace Hotswap.Registry.Audit;

/// <summary>
/// One change to the desired state, as the audit trail keeps it: who, what, which model, from which version to which,
/// why, how it ended (<see cref="Applied"/> or <see cref="Refused"/>, with the refusal in <see cref="Detail"/>) and when.
/// For start, weight and approve <see cref="To"/> is the candidate; for the others, the served version.
/// </summary>
public sealed record AuditRecord(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("change")] string Change,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("detail")] string? Detail = null)
{
    public const string Applied = "applied";
    public const string Refused = "refused";

    [JsonIgnore]
    public bool Succeeded => Outcome == Applied;
}
