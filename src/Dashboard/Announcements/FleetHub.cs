using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Hotswap.Dashboard.Announcements;

/// <summary>
/// Where hosts announce themselves (<see cref="FleetPaths.Hub"/>), holding the fleet token: each registers, then
/// reports its status and events over the same connection, and is asked to refresh over it.
/// </summary>
[Authorize(Policy = FleetAuthentication.HostPolicy)]
public sealed class FleetHub(FleetRegistry registry) : Hub<IFleetHubClient>, IFleetHub
{
    public Task Register(HostAnnouncement announcement, HostStatus status)
    {
        registry.Register(Context.ConnectionId, announcement, status);
        return Task.CompletedTask;
    }

    public Task Status(HostStatus status)
    {
        registry.Update(Context.ConnectionId, status);
        return Task.CompletedTask;
    }

    public Task SwapStarted(SwapStarted e) => Record(e);

    public Task SwapSucceeded(SwapSucceeded e) => Record(e);

    public Task SwapFailed(SwapFailed e) => Record(e);

    public Task ModelRemoved(ModelRemoved e) => Record(e);

    public Task ValidationWarning(ValidationWarning e) => Record(e);

    public Task DesiredStateChanged(DesiredStateChanged e) => Record(e);

    public Task CheckCompleted(CheckCompleted e) => Record(e);

    public Task RolloutStats(RolloutStats e) => Record(e);

    public Task AutoRolledBack(AutoRollback e) => Record(e);

    public Task BackgroundFault(BackgroundFault e) => Record(e);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Disconnect(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private Task Record(object e)
    {
        registry.Record(Context.ConnectionId, e);
        return Task.CompletedTask;
    }
}
