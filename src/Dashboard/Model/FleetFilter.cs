using System.Collections.Immutable;

namespace Hotswap.Dashboard.Model;

/// <summary>
/// Which hosts the fleet page's table shows: those serving <see cref="Model"/> (at <see cref="Version"/> when given;
/// without a model, a host serving any model at that version), in <see cref="Condition"/>, whose id, pod, URL or error
/// contains <see cref="Text"/>. Every part left null matches every host.
/// </summary>
public sealed record FleetFilter(string? Model = null, string? Version = null, HostCondition? Condition = null, string? Text = null)
{
    public bool Matches(FleetHostRow row) =>
        (Model is null || row.Find(Model) is { } m && (Version is null || m.ServedVersion == Version))
        && (Model is not null || Version is null || row.Models.Any(x => x.ServedVersion == Version))
        && (Condition is null || row.Condition == Condition)
        && (string.IsNullOrWhiteSpace(Text) || row.SearchText.Contains(Text.Trim(), StringComparison.OrdinalIgnoreCase));

    public ImmutableArray<FleetHostRow> Apply(ImmutableArray<FleetHostRow> rows) => [.. rows.Where(Matches)];
}
