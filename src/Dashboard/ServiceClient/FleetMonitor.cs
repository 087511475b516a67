using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>Watches every configured host; <see cref="Hosts"/> is the fleet as last seen, in configuration order.</summary>
public sealed class FleetMonitor : BackgroundService
{
    private readonly ImmutableArray<HostConnection> _connections;

    public FleetMonitor(IOptions<DashboardOptions> options, SwapFeed feed, TimeProvider time, ILogger<FleetMonitor> logger)
    {
        var urls = options.Value.Hosts.Select(h => h.TrimEnd('/')).ToImmutableArray();
        Hosts = new LiveValue<ImmutableArray<HostState>>(urls.Select(u => new HostState(u, HostConnectionState.Connecting, time.GetUtcNow(), null, null)).ToImmutableArray());
        _connections = [.. urls.Select((url, i) => new HostConnection(url, feed, time, logger, state => Hosts.Update(hosts => hosts.SetItem(i, state))))];
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
