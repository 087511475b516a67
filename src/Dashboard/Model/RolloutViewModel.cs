using System.Collections.Immutable;
using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Rollouts;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Model;

/// <summary>One host's guard of a model now: what it watches and each rule against its limit.</summary>
public sealed record HostGuardViewModel
{
    public required string Host { get; init; }
    public required RolloutPhase Phase { get; init; }
    public string? GuardedVersion { get; init; }
    public required double WindowSeconds { get; init; }
    public required ImmutableArray<GuardRuleStatus> Rules { get; init; }
}

/// <summary>A model's rollout as its page shows it: the candidate, the fleet's figures over time, the guards, the auto-rollbacks.</summary>
public sealed record RolloutViewModel
{
    public required string Model { get; init; }
    public string? ServedVersion { get; init; }
    public RolloutStatus? Candidate { get; init; }

    /// <summary>Hosts whose candidate failed to load, with why.</summary>
    public required ImmutableArray<string> CandidateProblems { get; init; }

    public required ImmutableList<RolloutSample> Samples { get; init; }
    public required ImmutableArray<HostGuardViewModel> Guards { get; init; }
    public required ImmutableArray<FeedEntry> AutoRollbacks { get; init; }

    /// <summary>The newest point of the charts: each version's figures now.</summary>
    public ImmutableArray<VersionSample> Current => Samples.Count > 0 ? Samples[^1].Versions : [];

    public DriftStats? CurrentDrift => Samples.Count > 0 ? Samples[^1].Drift : null;

    public static RolloutViewModel Build(string model, ImmutableArray<HostState> hosts, ModelRollout? rollout, IEnumerable<FeedEntry> feed)
    {
        var statuses = hosts.SelectMany(h => (h.Status?.Models ?? []).Where(m => m.Model == model).Select(m => (Host: h.Name, Status: m))).ToList();
        return new RolloutViewModel
        {
            Model = model,
            ServedVersion = statuses.Select(s => s.Status.DesiredVersion ?? s.Status.ServedVersion).FirstOrDefault(v => v is not null),
            Candidate = statuses.Select(s => s.Status.Rollout).FirstOrDefault(r => r is not null),
            CandidateProblems = [.. statuses.Where(s => s.Status.Rollout is { State: CandidateState.Failed }).Select(s => $"{s.Host}: {s.Status.Rollout!.Error ?? "the candidate failed to load"}")],
            Samples = rollout?.Samples ?? [],
            Guards = [.. (rollout?.LatestByHost.Values ?? []).OrderBy(s => s.HostId, StringComparer.Ordinal).Select(s => new HostGuardViewModel
            {
                Host = s.HostId,
                Phase = s.Phase,
                GuardedVersion = s.GuardedVersion,
                WindowSeconds = s.WindowSeconds,
                Rules = [.. s.Guard],
            })],
            AutoRollbacks = [.. feed.Where(e => e.Model == model && e.Kind == FeedEventKind.AutoRolledBack).OrderByDescending(e => e.At).ThenByDescending(e => e.Sequence)],
        };
    }

    /// <summary>The models with a candidate on some host, for the rollouts list.</summary>
    public static ImmutableArray<(string Model, RolloutStatus Candidate)> Active(ImmutableArray<HostState> hosts) =>
    [
        .. hosts.SelectMany(h => h.Status?.Models ?? [])
            .Where(m => m.Rollout is not null)
            .GroupBy(m => m.Model)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.First().Rollout!)),
    ];
}
