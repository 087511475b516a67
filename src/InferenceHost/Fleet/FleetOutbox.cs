using System.Threading.Channels;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Hubs;

namespace Hotswap.InferenceHost.Fleet;

/// <summary>
/// The events on their way to the dashboard: one more <see cref="ISwapEventSink"/> of the broadcaster, so the
/// dashboard receives exactly what the host's own hub pushes, in the same order. Events are queued only while the fleet
/// connection is registered, in a bounded queue: without a dashboard, or with one that reads slower than the host
/// produces, events are dropped rather than held, and the status sent after them (and on every registration) says
/// where the host is. Posting never waits.
/// </summary>
public sealed class FleetOutbox : ISwapEventSink
{
    public const int Capacity = 1_000;

    private Channel<Func<ISwapHubClient, Task>>? _open;
    private long _dropped;

    public void Post(Func<ISwapHubClient, Task> send)
    {
        if (Volatile.Read(ref _open) is { } queue && !queue.Writer.TryWrite(send))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Queues what happens from now on, for one registered connection.</summary>
    public ChannelReader<Func<ISwapHubClient, Task>> Open()
    {
        var queue = Channel.CreateBounded<Func<ISwapHubClient, Task>>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        Volatile.Write(ref _open, queue);
        return queue.Reader;
    }

    /// <summary>Stops queueing (the connection ended); what was queued and not sent is dropped with it.</summary>
    public void Close()
    {
        Interlocked.Exchange(ref _open, null)?.Writer.TryComplete();
    }

    /// <summary>How many events were dropped because the queue was full since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);
}
