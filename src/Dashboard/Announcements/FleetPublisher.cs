using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Announcements;

/// <summary>
/// Every <see cref="Period"/>: sweeps the <see cref="FleetRegistry"/> for silent hosts and, when anything changed,
/// publishes its hosts to the <see cref="FleetMonitor"/> in one snapshot.
/// </summary>
public sealed class FleetPublisher(FleetRegistry registry, FleetMonitor monitor, TimeProvider time) : BackgroundService
{
    /// <summary>How late a change may show: short beside a person's reaction, long beside a storm of reports.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                registry.Sweep();
                if (registry.TakeChanges() is { } hosts)
                {
                    monitor.SetAnnounced(hosts);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
