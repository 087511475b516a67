using System.Collections.Immutable;
using Hotswap.Contracts.Fleet;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Announcements;

/// <summary>The fleet as <c>GET /api/fleet</c> shows it: every host the dashboard knows, however it follows it.</summary>
public static class FleetViews
{
    public static FleetView Of(ImmutableArray<HostState> hosts, DateTimeOffset at) => new(at, [.. hosts.Select(h => Of(h, at))]);

    private static FleetHostView Of(HostState host, DateTimeOffset at)
    {
        var connected = host.Kind == HostKind.Reported ? !host.Stale : host.Connection == HostConnectionState.Connected;
        // An open connection is proof of life now; a reporting host was seen at its last report.
        var lastSeen = host.Kind != HostKind.Reported && connected ? at : host.LastSeen ?? host.Since;
        return new FleetHostView(
            host.Name,
            connected,
            lastSeen,
            host.Stale,
            host.Kind switch
            {
                HostKind.Announced => "announced",
                HostKind.Reported => "reported",
                HostKind.Polled => "polled",
                _ => "dialed",
            },
            host.Announcement is { } announcement ? announcement.BaseUrl : host.Url,
            host.Status?.Mode ?? host.Announcement?.Mode,
            host.Announcement?.SoftwareVersion,
            host.Announcement?.Instance,
            host.Error,
            [.. (host.Status?.Models ?? []).Select(m => new FleetModelView(m.Model, m.ServedVersion, m.DesiredVersion, m.State, m.LastError))]);
    }
}
