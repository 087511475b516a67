using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Dashboard.Rollouts;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>
/// Where a host's events go, however they arrive (the host's own hub that the dashboard dials, or the fleet hub the
/// host announces itself on): swaps and faults to the <see cref="SwapFeed"/>, rollout figures and rollbacks to the
/// <see cref="RolloutMonitor"/>.
/// </summary>
public sealed class HostEvents(SwapFeed feed, RolloutMonitor? rollouts = null)
{
    public void Record(string hostUrl, string hostName, object e)
    {
        switch (e)
        {
            case SwapStarted started: feed.Add(hostUrl, hostName, started); break;
            case SwapSucceeded succeeded: feed.Add(hostUrl, hostName, succeeded); break;
            case SwapFailed failed: feed.Add(hostUrl, hostName, failed); break;
            case ModelRemoved removed: feed.Add(hostUrl, hostName, removed); break;
            case ValidationWarning warning: feed.Add(hostUrl, hostName, warning); break;
            case BackgroundFault fault: feed.Add(hostUrl, hostName, fault); break;
            case RolloutStats stats: rollouts?.Observe(stats); break;
            case AutoRollback rollback: rollouts?.AutoRolledBack(hostUrl, hostName, rollback); break;
        }
    }
}
