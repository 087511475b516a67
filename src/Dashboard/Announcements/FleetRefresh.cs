using System.Collections.Immutable;
using Hotswap.Contracts.Fleet;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.SignalR;

namespace Hotswap.Dashboard.Announcements;

/// <summary>Asks every announced host, over its own fleet connection, to read the desired state now.</summary>
public sealed class FleetRefresh(FleetRegistry registry, IHubContext<FleetHub, IFleetHubClient> hub)
{
    public async Task<ImmutableArray<HostOutcome>> RefreshAsync(string? model, string reason) =>
        [.. await Task.WhenAll(registry.Connections.Select(c => RefreshAsync(c.HostId, c.ConnectionId, model, reason)))];

    private async Task<HostOutcome> RefreshAsync(string hostId, string connectionId, string? model, string reason)
    {
        try
        {
            await hub.Clients.Client(connectionId).Refresh(model, reason);
            return new HostOutcome(hostId, true, true, "told to refresh over the fleet hub", null);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            return new HostOutcome(hostId, false, false, $"not told to refresh over the fleet hub: {e.Message}", null);
        }
    }
}
