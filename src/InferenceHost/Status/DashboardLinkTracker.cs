using Hotswap.Contracts.Status;
using Hotswap.InferenceHost.Configuration;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Status;

/// <summary>
/// The host's standing with the dashboard it announces itself to (<see cref="DashboardLink"/>), set by the fleet
/// connection or the reporter as it changes and read into <c>GET /status</c>; always null when <c>Fleet:DashboardUrl</c>
/// is not set. <see cref="DashboardLink.Since"/> is when the current state began, so a host that keeps failing to
/// connect shows since when.
/// </summary>
public sealed class DashboardLinkTracker(IOptions<FleetOptions> fleet, TimeProvider time)
{
    private DashboardLink? _current = fleet.Value.Enabled ? new(fleet.Value.DashboardUrl!, DashboardLinkState.Connecting, time.GetUtcNow(), null) : null;

    public DashboardLink? Current => Volatile.Read(ref _current);

    public void Set(DashboardLinkState state, string? problem = null)
    {
        // One writer at a time: the fleet connection and the reporter are single loops, and a host runs one of them.
        var current = Current;
        if (current is not null)
        {
            Volatile.Write(ref _current, current with { State = state, Since = current.State == state ? current.Since : time.GetUtcNow(), Problem = problem });
        }
    }
}
