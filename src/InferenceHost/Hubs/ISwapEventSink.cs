using Hotswap.Contracts.Swapping;

namespace Hotswap.InferenceHost.Hubs;

/// <summary>
/// Where <see cref="SwapHubBroadcaster"/> hands each event, in the order they happened: the swap hub's connections
/// (<see cref="HubSubscribers"/>) and, when configured, the fleet connection to the dashboard. A sink only queues:
/// it never waits on a client.
/// </summary>
public interface ISwapEventSink
{
    void Post(Func<ISwapHubClient, Task> send);
}
