using System.Collections.Immutable;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.Components;

namespace Hotswap.Dashboard.Components.Pages;

public sealed partial class Fleet
{
    private ImmutableArray<HostViewModel> _hosts = [];

    [Inject] public required FleetMonitor FleetMonitor { get; init; }

    protected override void OnInitialized() => Watch(FleetMonitor.Hosts, hosts => _hosts = HostViewModel.From(hosts));
}
