using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Rollouts;

/// <summary>
/// When a host reports that its guard rolled a version back, tells every host to read the desired state now, as after
/// an operator's pin: the hosts whose own guard did not fire follow at once rather than at their next poll.
/// </summary>
public sealed class AutoRollbackPush(RolloutMonitor rollouts, FleetControl control) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var rollback in rollouts.RolledBack.ReadAllAsync(stoppingToken))
            {
                await control.FollowAsync(rollback.Model, $"follow the auto-rollback of version {rollback.FromVersion} by {rollback.HostId}", stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
