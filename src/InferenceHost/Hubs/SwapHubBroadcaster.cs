using System.Threading.Channels;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Status;
using Hotswap.InferenceHost.Swapping;

namespace Hotswap.InferenceHost.Hubs;

/// <summary>
/// Pushes swap events to every hub client and every other <see cref="ISwapEventSink"/> (the fleet connection). Events
/// are queued and handed out by one loop, so clients receive them in the order they happened and the swap path never
/// waits on a slow connection; each connection has a queue of its own (<see cref="HubSubscribers"/>), so no
/// connection waits on another. Background faults go to the clients the
/// same way, as <see cref="BackgroundFaults"/> reports them.
/// </summary>
public sealed class SwapHubBroadcaster(IEnumerable<ISwapEventSink> sinks, BackgroundFaults faults) : BackgroundService, ISwapListener
{
    private readonly Channel<Func<ISwapHubClient, Task>> _queue = Channel.CreateBounded<Func<ISwapHubClient, Task>>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly ISwapEventSink[] _sinks = [.. sinks];

    public void OnCheckCompleted(CheckCompleted e) => Enqueue(c => c.CheckCompleted(e));

    public void OnDesiredStateChanged(DesiredStateChanged e) => Enqueue(c => c.DesiredStateChanged(e));

    public void OnSwapStarted(SwapStarted e) => Enqueue(c => c.SwapStarted(e));

    public void OnSwapSucceeded(SwapSucceeded e) => Enqueue(c => c.SwapSucceeded(e));

    public void OnSwapFailed(SwapFailed e) => Enqueue(c => c.SwapFailed(e));

    public void OnModelRemoved(ModelRemoved e) => Enqueue(c => c.ModelRemoved(e));

    public void OnValidationWarning(ValidationWarning e) => Enqueue(c => c.ValidationWarning(e));

    public void OnRolloutStats(RolloutStats e) => Enqueue(c => c.RolloutStats(e));

    public void OnAutoRolledBack(AutoRollback e) => Enqueue(c => c.AutoRolledBack(e));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        faults.Reported += SendFault;
        try
        {
            await foreach (var send in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                Post(send);
            }
        }
        finally
        {
            faults.Reported -= SendFault;
        }
    }

    /// <summary>Through each connection's own queue, like every other event: no stalled client holds it up.</summary>
    private void SendFault(BackgroundFault fault) => Post(client => client.BackgroundFault(fault), sinkFailed: _ => { });

    /// <summary>A sink that throws is reported (a log sink that throws cannot end this loop) and the others still get the event.</summary>
    private void Post(Func<ISwapHubClient, Task> send) => Post(send, sinkFailed: e => faults.Report("hub broadcaster", e));

    /// <param name="sinkFailed">What to do with a sink's exception; a fault being sent is not reported again, or a failing sink would loop.</param>
    private void Post(Func<ISwapHubClient, Task> send, Action<Exception> sinkFailed)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Post(send);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                sinkFailed(e);
            }
        }
    }

    private void Enqueue(Func<ISwapHubClient, Task> send) => _queue.Writer.TryWrite(send);
}
