using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Fleet;

/// <summary>
/// The dashboard's fleet hub (<see cref="IFleetHub"/>) as an <see cref="ISwapHubClient"/>, so the events the host's own
/// hub sends go to the dashboard unchanged. Each event is a send: it waits for the connection to take the message, not
/// for the dashboard to handle it.
/// </summary>
public sealed class FleetHubProxy(HubConnection connection) : SwapEventSender((method, e) => connection.SendAsync(method, e))
{
    /// <summary>Invoked, not sent: the dashboard answers whether it accepts the id (a hub error when another connected host holds it).</summary>
    public Task Register(HostAnnouncement announcement, HostStatus status, CancellationToken cancellationToken) =>
        connection.InvokeAsync(nameof(IFleetHub.Register), announcement, status, cancellationToken);
}
