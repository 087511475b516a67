using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR;

namespace Hotswap.InferenceHost.Tests.Fleet;

/// <summary>A registration as the dashboard's hub received it, with the bearer token the connection presented.</summary>
public sealed record Registration(string ConnectionId, string? Authorization, HostAnnouncement Announcement, HostStatus Status);

/// <summary>An event or status a registered connection sent after its registration.</summary>
public sealed record Sent(string ConnectionId, object Payload);

/// <summary>How many registrations the test dashboard still refuses.</summary>
public sealed class Refusals
{
    public int Remaining;
}

/// <summary>A report POSTed to <see cref="FleetPaths.Reports"/>, with its bearer token.</summary>
public sealed record Reported(string? Authorization, FleetReport Report);

/// <summary>
/// The fleet hub of <see cref="TestDashboard"/>: records what hosts call on it; refuses as many registrations as
/// <see cref="Refusals"/> says, the way the dashboard refuses an id held by another connected host.
/// </summary>
public sealed class FleetHubRecorder(Recording recording, Refusals refusals) : Hub<IFleetHubClient>, IFleetHub
{
    public Task Register(HostAnnouncement announcement, HostStatus status)
    {
        if (Interlocked.Decrement(ref refusals.Remaining) >= 0)
        {
            throw new HubException($"Host id '{announcement.HostId}' is held by another connected host.");
        }

        recording.Add(new Registration(Context.ConnectionId, Context.GetHttpContext()?.Request.Headers.Authorization, announcement, status));
        return Task.CompletedTask;
    }

    public Task Status(HostStatus status) => Record(status);

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

    private Task Record(object payload)
    {
        recording.Add(new Sent(Context.ConnectionId, payload));
        return Task.CompletedTask;
    }
}
