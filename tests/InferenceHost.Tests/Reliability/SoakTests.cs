using System.Globalization;
using Hotswap.Contracts.Swapping;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Reliability;

/// <summary>
/// On demand only (<c>HOTSWAP_SOAK=1</c>, <c>HOTSWAP_SOAK_MINUTES</c> default 30): the host as a process under a
/// steady prediction load with a new version swapped in every 10 s. No request may fail, and between the first and
/// the last third of the run the host's open handles, threads and resident memory (medians of samples taken every
/// 10 s) may not grow beyond the tolerances below.
/// </summary>
public sealed class SoakTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    /// <summary>Growth allowed from the first third's median to the last third's: a ratio plus a small absolute slack.</summary>
    private const double HandleRatio = 1.10, ThreadRatio = 1.25, MemoryRatio = 1.20;
    private const int HandleSlack = 10, ThreadSlack = 4;
    private const long MemorySlack = 32L * 1024 * 1024;
    private static readonly TimeSpan SwapEvery = TimeSpan.FromSeconds(10);

    public static bool Enabled => Environment.GetEnvironmentVariable("HOTSWAP_SOAK") == "1";

    private static TimeSpan Duration => TimeSpan.FromMinutes(
        double.TryParse(Environment.GetEnvironmentVariable("HOTSWAP_SOAK_MINUTES"), CultureInfo.InvariantCulture, out var minutes) ? minutes : 30);

    [Fact(Skip = "The soak test runs on demand: HOTSWAP_SOAK=1 (HOTSWAP_SOAK_MINUTES, default 30).", SkipUnless = nameof(Enabled), Timeout = 0)]
    public async Task Under_load_with_a_swap_every_10_seconds_no_request_fails_and_handles_threads_and_memory_stay_flat()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using var host = await InferenceHostProcess.StartAsync(store, new Dictionary<string, string?> { ["Swap:PollInterval"] = "00:00:01", ["Swap:WarmupRuns"] = "10" });
        await host.WaitUntilServingAsync("1");
        await using var hub = await HubRecorder.ConnectAsync(host.Address);
        await using var load = PredictionLoad.Start(host.Client, clients: 4, maxDuration: Duration + TimeSpan.FromMinutes(2));
        var samples = new List<ProcessCounters>();
        using var every = new PeriodicTimer(SwapEvery);
        var ends = DateTime.UtcNow + Duration;

        for (var version = 2; DateTime.UtcNow < ends && await every.WaitForNextTickAsync(); version++)
        {
            samples.Add(ProcessCounters.Read(host.Pid));
            await store.PublishAsync(version);
            await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == version.ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(60));
        }

        await load.StopAsync();
        var third = samples.Count / 3;
        var first = Median(samples.Take(third));
        var last = Median(samples.TakeLast(third));
        var report = $"{samples.Count} samples over {Duration.TotalMinutes:0.#} min, {load}; first third {first}, last third {last}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        Assert.True(third >= 3, $"too short a run to compare thirds: {report}");
        Assert.True(load.Failures.Count == 0, report);
        Assert.True(last.Handles <= (first.Handles * HandleRatio) + HandleSlack, $"handles grew: {report}");
        Assert.True(last.Threads <= (first.Threads * ThreadRatio) + ThreadSlack, $"threads grew: {report}");
        Assert.True(last.ResidentBytes <= (first.ResidentBytes * MemoryRatio) + MemorySlack, $"memory grew: {report}");
    }

    private static ProcessCounters Median(IEnumerable<ProcessCounters> samples)
    {
        var list = samples.ToList();
        static T Mid<T>(IEnumerable<T> values) => values.Order().ElementAt(values.Count() / 2);
        return new ProcessCounters(Mid(list.Select(s => s.Handles)), Mid(list.Select(s => s.Threads)), Mid(list.Select(s => s.ResidentBytes)));
    }
}
