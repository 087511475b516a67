using System.Collections.Immutable;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.Components;

namespace Hotswap.Dashboard.Components.Pages;

/// <summary>
/// The fleet, model first: each model's versions across the hosts, then every host in a virtualized table that filters
/// by model, version, condition and text, with a host's detail beside it. Re-renders at most <see cref="RenderInterval"/>.
/// </summary>
public sealed partial class Fleet
{
    /// <summary>Hundreds of hosts report many times a second; the page shows the newest fleet a few times a second.</summary>
    public static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);

    private const int RecentCount = 10;

    private FleetViewModel _view = FleetViewModel.Empty;
    private ImmutableArray<string> _modelNames = [];
    private FleetFilter _filter = new();
    private ImmutableArray<FleetHostRow> _shown = [];
    private string? _selectedId;
    private FleetHostRow? _selected;
    private ImmutableArray<FeedEntry> _recent = [];

    [Inject] public required FleetMonitor FleetMonitor { get; init; }
    [Inject] public required SwapFeed SwapFeed { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    protected override void OnInitialized()
    {
        Watch(FleetMonitor.Hosts, FleetViewModel.Build, Show, RenderInterval, Time);
        Watch(SwapFeed.Entries, entries => FeedViewModel.Build(entries, null, null).Entries.Take(RecentCount).ToImmutableArray(), recent => _recent = recent, RenderInterval, Time);
    }

    private void Show(FleetViewModel view)
    {
        _view = view;
        _modelNames = [.. view.Models.Select(m => m.Model)];
        Refilter();
    }

    private void SetFilter(FleetFilter filter)
    {
        _filter = filter;
        Refilter();
    }

    private void FilterByVersion(string model, string? version) => SetFilter(_filter with { Model = model, Version = version });

    private void FilterByCondition(HostCondition? condition) => SetFilter(_filter with { Condition = condition });

    private void Select(string? id)
    {
        _selectedId = id;
        _selected = _view.Hosts.FirstOrDefault(h => h.Id == id);
    }

    private void Refilter()
    {
        _shown = _filter.Apply(_view.Hosts);
        Select(_selectedId);
    }
}
