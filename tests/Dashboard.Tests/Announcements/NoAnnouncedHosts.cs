using Hotswap.Contracts.Fleet;
using Hotswap.Dashboard.Announcements;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hotswap.Dashboard.Tests.Announcements;

/// <summary>
/// The fleet hub's refresh for a fleet no host has announced itself to, for tests whose hosts are dialed or polled:
/// <see cref="FleetControl"/> asks it, and it tells nobody.
/// </summary>
internal static class NoAnnouncedHosts
{
    private static readonly IHubContext<FleetHub, IFleetHubClient> Hub =
        new ServiceCollection().AddLogging().AddSignalR().Services.BuildServiceProvider().GetRequiredService<IHubContext<FleetHub, IFleetHubClient>>();

    public static FleetRefresh Refresh(SwapFeed feed, TimeProvider time) =>
        new(new FleetRegistry(new HostEvents(feed), time, Microsoft.Extensions.Options.Options.Create(new FleetOptions()), NullLogger<FleetRegistry>.Instance), Hub);
}
