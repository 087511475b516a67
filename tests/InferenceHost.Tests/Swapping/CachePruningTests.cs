using System.Globalization;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>
/// A real host under Swap:CacheMaxBytes of one byte: every download prunes, so only what the host may load again is
/// left. Resource-preserving swaps release the served version before loading the next, the case that needs the
/// released version kept for a restore.
/// </summary>
public sealed class CachePruningTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task A_host_swapping_through_five_versions_keeps_the_served_one_and_the_two_it_last_released_and_logs_what_it_pruned()
    {
        var store = new ModelStoreScenario(s3.Server);
        var cache = Directory.CreateTempSubdirectory("hotswap-pruning-");
        var logs = new LogCapture();
        await store.PublishAsync(1);
        await using var host = await RunningHost.StartAsync(
            store,
            new Dictionary<string, string?> { ["Swap:CacheMaxBytes"] = "1", ["Swap:Policy"] = "ResourcePreserving" },
            cacheDirectory: cache.FullName,
            logs: logs);
        await host.WaitUntilServingAsync("1");

        for (var version = 2; version <= 5; version++)
        {
            await store.PublishAsync(version);
            await host.WaitUntilServingAsync(version.ToString(CultureInfo.InvariantCulture));
        }

        // Version 4's release prunes once the swap to 5 serves, and a file is logged after it is deleted: wait for both.
        var (kept, pruned) = await Eventually.ReturnsAsync(
            () => Task.FromResult((
                Files: string.Join(",", Directory.GetFiles(Path.Combine(cache.FullName, ModelStoreScenario.Model)).Select(f => Path.GetFileName(f).Split('-')[0]).Order()),
                Logged: logs.Entries.Count(e => e.Contains("[1901] Pruned", StringComparison.Ordinal)))),
            state => state.Files == "3,4,5" && state.Logged >= 2,
            "the cache to hold versions 3, 4 and 5 only, with each pruned file logged");
        var prediction = await host.PredictAsync([1f, 2f, 3f]);

        Assert.Equal("3,4,5", kept);
        Assert.Equal(2, pruned);
        Assert.Equal(System.Net.HttpStatusCode.OK, prediction.StatusCode);
        cache.Delete(recursive: true);
    }
}
