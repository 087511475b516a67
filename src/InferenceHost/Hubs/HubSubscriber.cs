using System.Threading.Channels;
using Hotswap.Contracts.Swapping;
using Microsoft.AspNetCore.SignalR;

namespace Hotswap.InferenceHost.Hubs;

/// <summary>
/// One hub connection's queue of events and the loop that sends them to it alone, one at a time and in order. A send
/// that does not complete within <see cref="SendTimeout"/> (a client that stopped reading, its socket buffers full)
/// has the connection dropped; no other connection ever waits on this one.
/// </summary>
public sealed class HubSubscriber(HubCallerContext context, ISwapHubClient client, HubSubscribers subscribers)
{
    /// <summary>As many events as the broadcaster itself keeps: a burst it accepts never drops a client that reads.</summary>
    public const int Capacity = 10_000;

    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<Func<ISwapHubClient, Task>> _queue = Channel.CreateBounded<Func<ISwapHubClient, Task>>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });

    public string ConnectionId => context.ConnectionId;

    /// <summary>False when the queue is full: the client has fallen <see cref="Capacity"/> events behind.</summary>
    public bool TryPost(Func<ISwapHubClient, Task> send) => _queue.Writer.TryWrite(send);

    /// <summary>Starts sending what was queued and what comes, after the connection's first message (its status).</summary>
    public void Start() => _ = Task.Run(SendAllAsync);

    /// <summary>Stops the loop (the connection left or is dropped) and, when dropped, closes the connection.</summary>
    public void Stop(bool abort)
    {
        _queue.Writer.TryComplete();
        if (abort)
        {
            context.Abort();
        }
    }

    private async Task SendAllAsync()
    {
        await foreach (var send in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await send(client).WaitAsync(SendTimeout, context.ConnectionAborted);
            }
            catch (TimeoutException)
            {
                subscribers.Drop(this, $"a send took over {SendTimeout.TotalSeconds:0} s");
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                subscribers.SendFailed(this, e);
            }
        }
    }
}
