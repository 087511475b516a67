using Hotswap.Contracts;
using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Microsoft.AspNetCore.SignalR.Client;
using System.Threading.Channels;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>
/// The live connection to one host's hub: keeps trying until the host answers, reconnects by itself when it drops,
/// feeds the host's swap events to the <see cref="SwapFeed"/> and re-reads the host's status after each of them.
/// </summary>
public sealed class HostConnection : IHostWatch
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly HubConnection _hub;
    private readonly HostEvents _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<HostState> _changed;
    private readonly Channel<bool> _statusWanted = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private HostState _state;

    public HostConnection(string url, SwapFeed feed, TimeProvider time, ILogger logger, Action<HostState> changed, RolloutMonitor? rollouts = null)
    {
        Url = url;
        _events = new HostEvents(feed, rollouts);
        _time = time;
        _logger = logger;
        _changed = changed;
        _state = new HostState(url, HostConnectionState.Connecting, time.GetUtcNow(), null, null);
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(url.TrimEnd('/') + "/"), HubPaths.Swap.TrimStart('/')))
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            .Build();
        _hub.On<HostStatus>(nameof(ISwapHubClient.Status), Connected);
        Forward<SwapStarted>(nameof(ISwapHubClient.SwapStarted));
        Forward<SwapSucceeded>(nameof(ISwapHubClient.SwapSucceeded));
        Forward<SwapFailed>(nameof(ISwapHubClient.SwapFailed));
        Forward<ModelRemoved>(nameof(ISwapHubClient.ModelRemoved));
        Forward<ValidationWarning>(nameof(ISwapHubClient.ValidationWarning));
        Forward<BackgroundFault>(nameof(ISwapHubClient.BackgroundFault));
        Forward<AutoRollback>(nameof(ISwapHubClient.AutoRolledBack));
        _hub.On<DesiredStateChanged>(nameof(ISwapHubClient.DesiredStateChanged), _ => Observed(() => { }));
        _hub.On<CheckCompleted>(nameof(ISwapHubClient.CheckCompleted), _ => Observed(() => { }));
        // Figures arrive every second: they do not make the status worth reading again.
        _hub.On<RolloutStats>(nameof(ISwapHubClient.RolloutStats), e => _events.Record(Url, Name, e));
        _hub.Reconnecting += error =>
        {
            Set(state => state with { Connection = HostConnectionState.Reconnecting, Since = _time.GetUtcNow(), Error = error?.Message ?? "connection lost" });
            return Task.CompletedTask;
        };
        _hub.Closed += error =>
        {
            Set(state => state with { Connection = HostConnectionState.Unreachable, Since = _time.GetUtcNow(), Error = error?.Message ?? "connection closed" });
            return Task.CompletedTask;
        };
    }

    public string Url { get; }

    /// <summary>An event goes where <see cref="HostEvents"/> sends it, then makes the status worth reading again.</summary>
    private void Forward<T>(string method)
        where T : notnull =>
        _hub.On<T>(method, e => Observed(() => _events.Record(Url, Name, e)));

    public HostState State => Volatile.Read(ref _state);

    private string Name => State.Name;

    /// <summary>Connects (again and again while the host is unreachable) and keeps the status fresh until stopped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var statusReader = RefreshStatusAsync(cancellationToken);
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_hub.State == HubConnectionState.Disconnected)
            {
                try
                {
                    await _hub.StartAsync(cancellationToken);
                    attempt = 0;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (State.Connection != HostConnectionState.Unreachable)
                    {
                        DashboardLog.HostUnreachable(_logger, Url, e.Message);
                    }

                    Set(state => state with { Connection = HostConnectionState.Unreachable, Since = state.Connection == HostConnectionState.Unreachable ? state.Since : _time.GetUtcNow(), Error = e.Message });
                }
            }

            var delay = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, attempt++)));
            try
            {
                await Task.Delay(delay, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _statusWanted.Writer.TryComplete();
        await statusReader;
    }

    /// <summary>
    /// Events only say what changed; the status after them is read outside the hub's receive loop, one read at a
    /// time, and a burst of events costs one read.
    /// </summary>
    private async Task RefreshStatusAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _statusWanted.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                var status = await _hub.InvokeAsync<HostStatus>(nameof(ISwapHub.GetStatus), cancellationToken);
                Connected(status);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                DashboardLog.StatusReadFailed(_logger, Url, e.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Connected(HostStatus status) => Set(state => state with
    {
        Connection = HostConnectionState.Connected,
        Since = state.Connection == HostConnectionState.Connected ? state.Since : _time.GetUtcNow(),
        Status = status,
        Error = null,
    });

    private void Observed(Action record)
    {
        record();
        _statusWanted.Writer.TryWrite(true);
    }

    private void Set(Func<HostState, HostState> change)
    {
        lock (_gate)
        {
            var next = change(_state);
            Volatile.Write(ref _state, next);
            _changed(next);
        }
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    /// <summary>A host may be down for minutes (a deploy, a crash): keep trying, at most every few seconds.</summary>
    private sealed class ForeverRetryPolicy : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) =>
            TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(context.PreviousRetryCount, 10))));
    }
}
