using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Fleet;

/// <summary>
/// The dashboard's fleet hub (<see cref="IFleetHub"/>) as an <see cref="ISwapHubClient"/>, so the events the host's own
/// hub sends go to the dashboard unchanged. Each call is a send: it waits for the connection to take the message, not
/// for the dashboard to handle it.
/// </summary>
public sealed class FleetHubProxy(HubConnection connection) : ISwapHubClient
{
    /// <summary>Invoked, not sent: the dashboard answers whether it accepts the id (a hub error when another connected host holds it).</summary>
    public Task Register(HostAnnouncement announcement, HostStatus status, CancellationToken cancellationToken) =>
        connection.InvokeAsync(nameof(IFleetHub.Register), announcement, status, cancellationToken);

    public Task Status(HostStatus status) => connection.SendAsync(nameof(Status), status);

    public Task SwapStarted(SwapStarted e) => connection.SendAsync(nameof(SwapStarted), e);

    public Task SwapSucceeded(SwapSucceeded e) => connection.SendAsync(nameof(SwapSucceeded), e);

    public Task SwapFailed(SwapFailed e) => connection.SendAsync(nameof(SwapFailed), e);

    public Task ModelRemoved(ModelRemoved e) => connection.SendAsync(nameof(ModelRemoved), e);

    public Task ValidationWarning(ValidationWarning e) => connection.SendAsync(nameof(ValidationWarning), e);

    public Task DesiredStateChanged(DesiredStateChanged e) => connection.SendAsync(nameof(DesiredStateChanged), e);

    public Task CheckCompleted(CheckCompleted e) => connection.SendAsync(nameof(CheckCompleted), e);

    public Task RolloutStats(RolloutStats e) => connection.SendAsync(nameof(RolloutStats), e);

    public Task AutoRolledBack(AutoRollback e) => connection.SendAsync(nameof(AutoRolledBack), e);

    public Task BackgroundFault(BackgroundFault e) => connection.SendAsync(nameof(BackgroundFault), e);
}
