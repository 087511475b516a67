using System.Collections.Immutable;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.Rollouts;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>
/// Watches every configured host, those with a hub (<c>Dashboard:Hosts</c>) and then those polled
/// (<c>Dashboard:PolledHosts</c>); <see cref="Hosts"/> is the fleet as last seen, in that order.
/// </summary>
public sealed class FleetMonitor : BackgroundService
{
    private readonly ImmutableArray<IHostWatch> _connections;

    public FleetMonitor(IOptions<DashboardOptions> options, SwapFeed feed, TimeProvider time, ILogger<FleetMonitor> logger, RolloutMonitor? rollouts = null)
    {
        var hubs = options.Value.Hosts.Select(h => h.TrimEnd('/')).ToImmutableArray();
        var polled = options.Value.PolledHosts.Select(h => h.TrimEnd('/')).ToImmutableArray();
        var now = time.GetUtcNow();
        Hosts = new LiveValue<ImmutableArray<HostState>>(
        [
            .. hubs.Select(u => new HostState(u, HostConnectionState.Connecting, now, null, null)),
            .. polled.Select(u => new HostState(u, HostConnectionState.Connecting, now, null, null) { Kind = HostKind.Polled }),
        ]);
        Action<HostState> At(int i) => state => Hosts.Update(hosts => hosts.SetItem(i, state));
        _connections =
        [
            .. hubs.Select((url, i) => (IHostWatch)new HostConnection(url, feed, time, logger, At(i), rollouts)),
            .. polled.Select((url, i) => new PolledHost(url, options.Value.StatusPollInterval, time, logger, At(hubs.Length + i))),
        ];
    }

    public LiveValue<ImmutableArray<HostState>> Hosts { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_connections.Select(c => c.RunAsync(stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
