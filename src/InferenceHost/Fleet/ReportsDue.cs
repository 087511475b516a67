using System.Threading.Channels;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Hubs;

namespace Hotswap.InferenceHost.Fleet;

/// <summary>
/// One more <see cref="ISwapEventSink"/> of the broadcaster: every event of the host makes a report to the dashboard
/// due (<see cref="FleetReporter"/>). Events that come while one is due make no second: the report carries the
/// status after all of them.
/// </summary>
public sealed class ReportsDue : ISwapEventSink
{
    private readonly Channel<bool> _due = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<bool> Reader => _due.Reader;

    public void Post(Func<ISwapHubClient, Task> send) => _due.Writer.TryWrite(true);
}
