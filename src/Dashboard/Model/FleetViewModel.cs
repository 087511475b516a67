using System.Collections.Immutable;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Registry;

namespace Hotswap.Dashboard.Model;

/// <summary>The fleet page's data, built off the render path from one snapshot of the fleet: models first, then hosts.</summary>
public sealed record FleetViewModel
{
    public static readonly FleetViewModel Empty = Build([]);

    public required ImmutableArray<ModelSummaryViewModel> Models { get; init; }

    /// <summary>Every host, by id.</summary>
    public required ImmutableArray<FleetHostRow> Hosts { get; init; }

    /// <summary>How many hosts are in each condition, for the fleet's headline.</summary>
    public required ImmutableDictionary<HostCondition, int> Conditions { get; init; }

    /// <summary>Every version some host serves, for the version filter.</summary>
    public required ImmutableArray<string> ServedVersions { get; init; }

    public static FleetViewModel Build(ImmutableArray<HostState> hosts)
    {
        var rows = hosts.Select(FleetHostRow.From).OrderBy(r => r.Id, StringComparer.Ordinal).ToImmutableArray();
        return new FleetViewModel
        {
            Models = ModelSummaryViewModel.Build(rows),
            Hosts = rows,
            Conditions = rows.GroupBy(r => r.Condition).ToImmutableDictionary(g => g.Key, g => g.Count()),
            ServedVersions = [.. rows.SelectMany(r => r.Models).Select(m => m.ServedVersion).OfType<string>().Distinct().Order(Comparer<string>.Create(Naming.CompareVersions))],
        };
    }

    public int Count(HostCondition condition) => Conditions.GetValueOrDefault(condition);
}
