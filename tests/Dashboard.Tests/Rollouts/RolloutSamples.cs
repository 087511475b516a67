using Hotswap.Contracts.Rollouts;

namespace Hotswap.Dashboard.Tests.Rollouts;

/// <summary>Readable rollout figures for the tests: a canary of version 2 beside served version 1.</summary>
internal static class RolloutSamples
{
    public static VersionWindowStats Served(long requests, long errors = 0, double rps = 0, double? p50 = 1, double? p99 = 2) =>
        new("1", "served", requests, errors, rps, requests > 0 ? (double)errors / requests : 0, p50, p99);

    public static VersionWindowStats Candidate(long requests, long errors = 0, double rps = 0, double? p50 = 1, double? p99 = 2) =>
        new("2", "candidate", requests, errors, rps, requests > 0 ? (double)errors / requests : 0, p50, p99);

    public static RolloutStats Stats(string host, IReadOnlyList<VersionWindowStats> versions, DriftStats? drift = null, IReadOnlyList<GuardRuleStatus>? guard = null) =>
        new(host, "iris_model", "1", "2", RolloutPhase.Canary, 20, 60, versions, drift, guard ?? [], Samples.At);

    public static AutoRollback Rollback(string host = "host-1") =>
        new(host, "iris_model", RolloutPhase.Canary, "2", "1", "error_rate", 0.5, 0.05, "auto-rollback: error_rate 0.5 > 0.05", Samples.At.AddSeconds(30));
}
