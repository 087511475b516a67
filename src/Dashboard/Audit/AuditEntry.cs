namespace Hotswap.Dashboard.Audit;

/// <summary>Who did what to which model, when, why, and how it ended.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Model,
    string? FromVersion,
    string? ToVersion,
    string? Reason,
    bool Succeeded,
    string Outcome);
