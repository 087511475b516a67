using System.Text.Json.Serialization;

namespace Hotswap.Contracts.Rollouts;

/// <summary>What a model's guard watches on one host.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutPhase>))]
public enum RolloutPhase
{
    /// <summary>Nothing is guarded: no candidate and no fresh swap.</summary>
    Steady,

    Shadow,

    Canary,

    /// <summary>A plain swap within the guard window: the previous version is kept warm to roll back to at once.</summary>
    AfterSwap,
}

/// <summary>One version's figures over the guard's window on one host.</summary>
/// <param name="Role"><c>served</c>, <c>candidate</c> or <c>previous</c>.</param>
public sealed record VersionWindowStats(string Version, string Role, long Requests, long Errors, double RequestsPerSecond, double ErrorRate, double? P50Ms, double? P99Ms);

/// <summary>How the guarded version's outputs compare with the other version's on the same inputs, over the window.</summary>
public sealed record DriftStats(long Comparisons, double MeanAbsDiff, double MaxAbsDiff, double AgreementRate, long Dropped);

/// <summary>One guard rule now: what is observed against its limit; <paramref name="Armed"/> once the window has enough requests.</summary>
public sealed record GuardRuleStatus(string Rule, double? Observed, double Limit, bool Armed, bool Breached)
{
    /// <summary>How close the rule is to firing, 0 (far) to 1 (at its limit) and beyond; always a finite JSON number.</summary>
    public double Closeness => Observed is { } observed && Limit > 0 ? Finite(observed / Limit) : 0;

    /// <summary>JSON has no NaN nor infinity: those read as the largest doubles (NaN as the largest, as a rule that cannot be read is not close to safe).</summary>
    private static double Finite(double value) => double.IsNaN(value) ? double.MaxValue : Math.Clamp(value, double.MinValue, double.MaxValue);
}

/// <summary>A model's rollout figures on one host, pushed on the hub every guard evaluation.</summary>
public sealed record RolloutStats(
    string HostId,
    string Model,
    string? ServedVersion,
    string? GuardedVersion,
    RolloutPhase Phase,
    int Weight,
    double WindowSeconds,
    IReadOnlyList<VersionWindowStats> Versions,
    DriftStats? Drift,
    IReadOnlyList<GuardRuleStatus> Guard,
    DateTimeOffset At);

/// <summary>A guard rule fired and this host wrote the rollback to the store.</summary>
/// <param name="Reason">As written to the desired state: <c>auto-rollback: &lt;rule&gt; &lt;observed&gt; &gt; &lt;limit&gt;</c>.</param>
public sealed record AutoRollback(string HostId, string Model, RolloutPhase Phase, string FromVersion, string ToVersion, string Rule, double Observed, double Limit, string Reason, DateTimeOffset At);

/// <summary>A model's candidate as a host sees it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CandidateState>))]
public enum CandidateState
{
    Loading,
    Ready,
    Failed,
}

/// <summary>The candidate of a model's rollout: what the store asks for and where this host stands with it.</summary>
public sealed record RolloutStatus(
    string Version,
    RolloutMode Mode,
    int Weight,
    CandidateState State,
    string? Error,
    DateTimeOffset? StartedAt,
    string? StartedBy,
    string? ApprovedBy,
    GuardRules? Guard);
