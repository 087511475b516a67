using System.Collections.Immutable;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.Rollouts;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>
/// Watches every configured host, those with a hub (<c>Dashboard:Hosts</c>) and then those polled
/// (<c>Dashboard:PolledHosts</c>); <see cref="Hosts"/> is the fleet as last seen, in that order, followed by the hosts
/// that announced themselves or reported (<see cref="SetAnnounced"/>), each shown once: an announced host whose id a
/// dialed host reports is shown as the dialed one.
/// </summary>
public sealed class FleetMonitor : BackgroundService
{
    private readonly ImmutableArray<IHostWatch> _connections;
    private readonly Lock _gate = new();
    private ImmutableArray<HostState> _watched;
    private ImmutableArray<HostState> _announced = [];

    public FleetMonitor(IOptions<DashboardOptions> options, SwapFeed feed, TimeProvider time, ILogger<FleetMonitor> logger, RolloutMonitor? rollouts = null)
    {
        var hubs = options.Value.Hosts.Select(h => h.TrimEnd('/')).ToImmutableArray();
        var polled = options.Value.PolledHosts.Select(h => h.TrimEnd('/')).ToImmutableArray();
        var now = time.GetUtcNow();
        _watched =
        [
            .. hubs.Select(u => new HostState(u, HostConnectionState.Connecting, now, null, null)),
            .. polled.Select(u => new HostState(u, HostConnectionState.Connecting, now, null, null) { Kind = HostKind.Polled }),
        ];
        Hosts = new LiveValue<ImmutableArray<HostState>>(_watched);
        Action<HostState> At(int i) => state =>
        {
            lock (_gate)
            {
                _watched = _watched.SetItem(i, state);
                Publish();
            }
        };
        _connections =
        [
            .. hubs.Select((url, i) => (IHostWatch)new HostConnection(url, feed, time, logger, At(i), rollouts)),
            .. polled.Select((url, i) => new PolledHost(url, options.Value.StatusPollInterval, time, logger, At(hubs.Length + i))),
        ];
    }

    public LiveValue<ImmutableArray<HostState>> Hosts { get; }

    /// <summary>Replaces the announced and reporting hosts, in the order they are to be shown.</summary>
    public void SetAnnounced(ImmutableArray<HostState> announced)
    {
        lock (_gate)
        {
            _announced = announced;
            Publish();
        }
    }

    private void Publish()
    {
        var dialed = _watched.Select(h => h.Status?.HostId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var hosts = dialed.Count == 0 ? _watched.AddRange(_announced) : _watched.AddRange(_announced.Where(h => !dialed.Contains(h.Name)));
        Hosts.Update(_ => hosts);
    }

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
