using System.Collections.Immutable;
using Hotswap.Contracts.Rollouts;

namespace Hotswap.Dashboard.Model;

/// <summary>How many hosts serve one version of a model; <see cref="Version"/> null for hosts serving none yet.</summary>
public sealed record VersionShare(string? Version, int Hosts, bool IsDesired, bool IsCandidate);

/// <summary>
/// One model across the fleet, to answer at a glance whether every host serves the version the store asks for, and if
/// not which hosts and why: hosts per served version, hosts in error, stale or unreachable, and the rollout under way.
/// </summary>
public sealed record ModelSummaryViewModel
{
    public required string Model { get; init; }

    /// <summary>The version most hosts are told to serve; null when none reported one.</summary>
    public string? DesiredVersion { get; init; }
    public bool Pinned { get; init; }

    /// <summary>Other desired versions some hosts report: they have not all read the same desired state yet.</summary>
    public required ImmutableArray<string> OtherDesired { get; init; }
    public required int Hosts { get; init; }

    /// <summary>The desired version first, then the others by hosts, most first.</summary>
    public required ImmutableArray<VersionShare> Versions { get; init; }

    /// <summary>Hosts not serving <see cref="DesiredVersion"/>.</summary>
    public required int OffDesired { get; init; }
    public required int InError { get; init; }
    public required int Stale { get; init; }
    public required int Unreachable { get; init; }
    public RolloutStatus? Rollout { get; init; }

    /// <summary>The first error a host reports for this model, with the host, so the card says why.</summary>
    public string? FirstError { get; init; }

    /// <summary>Every host reporting this model serves its desired version (as last known: stale and unreachable hosts are counted apart).</summary>
    public bool AllOnDesired => OffDesired == 0;

    public static ImmutableArray<ModelSummaryViewModel> Build(ImmutableArray<FleetHostRow> rows) =>
    [
        .. rows.SelectMany(r => r.Models.Select(m => (Row: r, Status: m)))
            .GroupBy(x => x.Status.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Summarize(g.Key, [.. g])),
    ];

    private static ModelSummaryViewModel Summarize(string model, IReadOnlyList<(FleetHostRow Row, Contracts.Status.ModelStatus Status)> hosts)
    {
        var desiredVotes = hosts.Where(h => h.Status.DesiredVersion is not null).GroupBy(h => h.Status.DesiredVersion!).OrderByDescending(g => g.Count()).ToList();
        var desired = desiredVotes.FirstOrDefault()?.Key;
        var rollout = hosts.Select(h => h.Status.Rollout).FirstOrDefault(r => r is not null);
        var firstError = hosts.FirstOrDefault(h => HostConditions.IsInError(h.Status));
        return new ModelSummaryViewModel
        {
            Model = model,
            DesiredVersion = desired,
            Pinned = hosts.Any(h => h.Status.DesiredVersion == desired && h.Status.Pinned),
            OtherDesired = [.. desiredVotes.Skip(1).Select(g => g.Key)],
            Hosts = hosts.Count,
            Versions =
            [
                .. hosts.GroupBy(h => h.Status.ServedVersion)
                    .Select(g => new VersionShare(g.Key, g.Count(), g.Key is not null && g.Key == desired, g.Key is not null && g.Key == rollout?.Version))
                    .OrderByDescending(s => s.IsDesired).ThenBy(s => s.Version is null).ThenByDescending(s => s.Hosts).ThenBy(s => s.Version, StringComparer.Ordinal),
            ],
            OffDesired = hosts.Count(h => h.Status.ServedVersion is null || h.Status.ServedVersion != desired),
            InError = hosts.Count(h => HostConditions.IsInError(h.Status)),
            Stale = hosts.Count(h => h.Row.Condition == HostCondition.Stale),
            Unreachable = hosts.Count(h => h.Row.Condition == HostCondition.Unreachable),
            Rollout = rollout,
            FirstError = firstError.Row is null ? null : $"{firstError.Row.Id}: {firstError.Status.LastError ?? "the swap failed"}",
        };
    }
}
