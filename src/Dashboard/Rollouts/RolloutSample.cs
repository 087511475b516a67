using System.Collections.Immutable;
using Hotswap.Contracts.Rollouts;

namespace Hotswap.Dashboard.Rollouts;

/// <summary>One version's figures summed over the fleet at one moment.</summary>
public sealed record VersionSample(string Version, string Role, long Requests, long Errors, double RequestsPerSecond, double ErrorRate, double? P50Ms, double? P99Ms);

/// <summary>A model's rollout figures over every host at one moment: one point of the rollout page's charts.</summary>
public sealed record RolloutSample(DateTimeOffset At, ImmutableArray<VersionSample> Versions, DriftStats? Drift)
{
    /// <summary>
    /// Sums the hosts' latest figures: requests, errors, requests/s and drift comparisons add up; the error rate is
    /// errors over requests; p50 is the request-weighted mean of the hosts' p50 (a fleet median is not computable from
    /// medians, and this is what the hosts' traffic shares weigh); p99 is the worst host's (the guard fires per host);
    /// the drift's mean and agreement are weighted by comparisons and its max is the largest.
    /// </summary>
    public static RolloutSample Of(DateTimeOffset at, IEnumerable<RolloutStats> hosts)
    {
        var all = hosts.ToList();
        var versions = all.SelectMany(h => h.Versions)
            .GroupBy(v => v.Version)
            .Select(g => Sum(g.Key, [.. g]))
            .OrderBy(v => RoleOrder(v.Role)).ThenBy(v => v.Version, StringComparer.Ordinal);
        return new RolloutSample(at, [.. versions], Sum(all.Select(h => h.Drift).OfType<DriftStats>().ToList()));
    }

    private static VersionSample Sum(string version, IReadOnlyList<VersionWindowStats> hosts)
    {
        var requests = hosts.Sum(h => h.Requests);
        var errors = hosts.Sum(h => h.Errors);
        var withP50 = hosts.Where(h => h.P50Ms is not null).ToList();
        var weight = withP50.Sum(h => h.Requests);
        double? p50 = withP50.Count == 0 ? null
            : weight > 0 ? withP50.Sum(h => h.P50Ms!.Value * h.Requests) / weight
            : withP50.Average(h => h.P50Ms!.Value);
        var p99 = hosts.Select(h => h.P99Ms).Where(p => p is not null).DefaultIfEmpty(null).Max();
        return new VersionSample(version, hosts[0].Role, requests, errors, hosts.Sum(h => h.RequestsPerSecond), requests > 0 ? (double)errors / requests : 0, p50, p99);
    }

    private static DriftStats? Sum(IReadOnlyList<DriftStats> hosts)
    {
        if (hosts.Count == 0)
        {
            return null;
        }

        var comparisons = hosts.Sum(h => h.Comparisons);
        double Weighted(Func<DriftStats, double> value) =>
            comparisons > 0 ? hosts.Sum(h => value(h) * h.Comparisons) / comparisons : hosts.Average(value);
        return new DriftStats(comparisons, Weighted(h => h.MeanAbsDiff), hosts.Max(h => h.MaxAbsDiff), Weighted(h => h.AgreementRate), hosts.Sum(h => h.Dropped));
    }

    private static int RoleOrder(string role) => role switch
    {
        "served" => 0,
        "candidate" => 1,
        _ => 2,
    };
}
