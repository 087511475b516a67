using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Observability;
using Microsoft.AspNetCore.SignalR;

namespace Hotswap.InferenceHost.Hubs;

/// <summary>
/// The hub's connections, each with its own bounded queue (<see cref="HubSubscriber"/>). Posting an event only queues
/// it, so a client that stops reading never stalls events to the others: it is dropped once it falls
/// <see cref="HubSubscriber.Capacity"/> events behind or a send to it times out, reported in the log and in
/// <c>hotswap.hub.clients.dropped</c>.
/// </summary>
public sealed partial class HubSubscribers(IHubContext<SwapHub> hub, HostMeter meter, ILogger<HubSubscribers> logger) : ISwapEventSink
{
    private readonly ConcurrentDictionary<string, HubSubscriber> _subscribers = new();

    private readonly Counter<long> _dropped = meter.Meter.CreateCounter<long>(
        "hotswap.hub.clients.dropped", "{connection}", "Hub connections closed because they fell behind: a send timed out or their event queue was full.");

    /// <summary>Queues events for the connection from now on; <see cref="HubSubscriber.Start"/> begins sending them.</summary>
    public HubSubscriber Add(HubCallerContext context)
    {
        var client = hub.Clients.Client(context.ConnectionId);
        var subscriber = new HubSubscriber(context, new SwapEventSender((method, e) => client.SendAsync(method, e)), this);
        _subscribers[context.ConnectionId] = subscriber;
        return subscriber;
    }

    public void Remove(string connectionId)
    {
        if (_subscribers.TryRemove(connectionId, out var subscriber))
        {
            subscriber.Stop(abort: false);
        }
    }

    /// <summary>Queues <paramref name="send"/> for every connection, without waiting on any.</summary>
    public void Post(Func<ISwapHubClient, Task> send)
    {
        foreach (var subscriber in _subscribers.Values)
        {
            if (!subscriber.TryPost(send))
            {
                Drop(subscriber, $"{HubSubscriber.Capacity} events were waiting for it");
            }
        }
    }

    internal void Drop(HubSubscriber subscriber, string reason)
    {
        if (_subscribers.TryRemove(subscriber.ConnectionId, out _))
        {
            subscriber.Stop(abort: true);
            _dropped.Add(1);
            ClientDropped(logger, subscriber.ConnectionId, reason);
        }
    }

    internal void SendFailed(HubSubscriber subscriber, Exception exception) => SendToClientFailed(logger, subscriber.ConnectionId, exception);

    [LoggerMessage(1302, LogLevel.Warning, "Hub connection {ConnectionId} fell behind and was dropped: {Reason}")]
    private static partial void ClientDropped(ILogger logger, string connectionId, string reason);

    [LoggerMessage(1303, LogLevel.Warning, "Sending a swap event to hub connection {ConnectionId} failed")]
    private static partial void SendToClientFailed(ILogger logger, string connectionId, Exception exception);
}
