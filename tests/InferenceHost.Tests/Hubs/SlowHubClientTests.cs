using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Hubs;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Hubs;

/// <summary>
/// A hub client that stops reading while the host produces a flood of events: the other clients keep receiving every
/// event, and the one that stopped is dropped and reported.
/// </summary>
public sealed class SlowHubClientTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const int Events = 2_000;

    [Fact]
    public async Task A_client_that_never_reads_does_not_stall_events_to_another_client_and_is_dropped_and_logged()
    {
        var logs = new LogCapture();
        await using var host = await RunningHost.StartAsync(new ModelStoreScenario(s3.Server), logs: logs);
        using var stuck = await StuckHubClient.ConnectAsync(host.Address);
        await using var watcher = await HubRecorder.ConnectAsync(host);
        await watcher.WaitForAsync<HostStatus>();

        // 32 KB each, 64 MB in all: more than a stopped reader's socket buffers hold on loopback (tcp_rmem up to 32 MB).
        var reason = new string('x', 32 * 1024);
        var broadcaster = host.Service<SwapHubBroadcaster>();
        for (var i = 0; i < Events; i++)
        {
            broadcaster.OnValidationWarning(new ValidationWarning("flood", "iris_model", i.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, DateTimeOffset.UtcNow));
        }

        await watcher.WaitForAsync<ValidationWarning>(w => w.Version == (Events - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Events, watcher.Events.OfType<ValidationWarning>().Count());
        await Eventually.ReturnsAsync(() => Task.FromResult(logs.Entries.Any(e => e.Contains("fell behind and was dropped", StringComparison.Ordinal))), dropped => dropped, "the stuck client to be dropped and logged");
    }
}
