using System.Collections.Immutable;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.Components;

namespace Hotswap.Dashboard.Components.Pages;

public sealed partial class Fleet
{
    private const int RecentCount = 10;

    private ImmutableArray<HostViewModel> _hosts = [];
    private ImmutableArray<FeedEntry> _recent = [];

    [Inject] public required FleetMonitor FleetMonitor { get; init; }
    [Inject] public required SwapFeed SwapFeed { get; init; }

    protected override void OnInitialized()
    {
        Watch(FleetMonitor.Hosts, hosts => _hosts = HostViewModel.From(hosts));
        Watch(SwapFeed.Entries, entries => _recent = [.. FeedViewModel.Build(entries, null, null).Entries.Take(RecentCount)]);
    }
}
