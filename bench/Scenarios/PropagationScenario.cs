using System.Diagnostics;
using Hotswap.Bench.Fleet;
using Hotswap.Bench.Micro;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;
using Hotswap.Bench.Store;

namespace Hotswap.Bench.Scenarios;

/// <summary>
/// (3) Propagation: time from the desired-state write until every host of a two-host fleet serves the new version,
/// with polling alone and with a push (the refresh the dashboard sends every host after a pin).
/// </summary>
public sealed class PropagationScenario : IScenario
{
    private const int Hosts = 2;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    /// <summary>Long enough that no poll happens during the push measurements.</summary>
    private static readonly TimeSpan NoPolling = TimeSpan.FromHours(1);

    public string Name => "propagation";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var repetitions = context.Pick(10, 3);
        var largeRepetitions = context.Pick(3, 1);
        var largeBytes = context.Pick(100_000_000L, 20_000_000L);
        var store = context.NewStore();
        await store.PublishAsync(BenchModels.Iris, 1, BenchModels.IrisVersion(1), ct);
        await store.PublishAsync(BenchModels.Iris, 2, BenchModels.IrisVersion(2), ct);
        await store.PublishAsync(BenchModels.Large, 1, BenchModels.LargeVersion(largeBytes, 1), ct);
        await store.PinAsync(BenchModels.Large, 1, ct);

        context.Log($"propagation: polling every {PollInterval.TotalSeconds:0} s, {repetitions} writes");
        var polled = await WithFleetAsync(context, store, PollInterval, [BenchModels.Iris], fleet => MeasureAsync(repetitions, async version =>
        {
            // A random phase against the hosts' poll timers, so the writes sample the whole interval.
            await Task.Delay(PollInterval * Random.Shared.NextDouble(), ct);
            var written = Stopwatch.GetTimestamp();
            await store.PinAsync(BenchModels.Iris, version, ct);
            return Stopwatch.GetElapsedTime(written, await fleet.WaitUntilServingAsync(BenchModels.Iris, version, PollInterval + TimeSpan.FromSeconds(30), ct));
        }));

        context.Log($"propagation: push, iris ×{repetitions} and a {largeBytes / 1_000_000} MB model ×{largeRepetitions}");
        var (pushedIris, pushedLarge, largeSwapLog) = await WithFleetAsync(context, store, NoPolling, [BenchModels.Iris, BenchModels.Large], async fleet =>
        {
            var iris = await MeasureAsync(repetitions, version => PushAsync(store, fleet, BenchModels.Iris, version, ct));
            var large = new List<(TimeSpan Propagation, TimeSpan DownloadAndLoad)>();
            for (var version = 2; version < 2 + largeRepetitions; version++)
            {
                // Published under the pin, so the store holds it before the measured write, the pin, moves the fleet.
                var published = await store.PublishAsync(BenchModels.Large, version, BenchModels.LargeVersion(largeBytes, version), ct);
                var reference = await DownloadAndLoad.MeasureAsync(BenchStore.OnnxPathOf(published), context.NewDirectory("reference"), ct);
                large.Add((await PushAsync(store, fleet, BenchModels.Large, version, ct), reference));
            }

            return (iris, large, fleet.SwapLogLines(BenchModels.Large));
        });

        var worstLarge = pushedLarge.MaxBy(l => l.Propagation / (l.DownloadAndLoad + Slack));
        return new ScenarioResult
        {
            Name = Name,
            Title = "3. Propagation",
            Method = $"{Hosts} hosts follow one local-directory store. Polling: Swap:PollInterval P = {PollInterval.TotalSeconds:0} s; the bench pins the other iris version at a random "
                + $"phase, {repetitions} times, and polls every host's `GET /models/iris_model` every 5 ms until all serve it. Push: hosts that never poll during the run; after the pin "
                + $"the bench sends `POST /control/models/{{name}}/refresh` to every host at once (what the dashboard does). The large model ({largeBytes / 1_000_000} MB, a new version "
                + "each time, published under the pin so the pin is the write) is compared with the bench's own copy + SHA-256 + session creation of the same file, measured just before.",
            Figures =
            [
                new Figure($"polling: slowest of {repetitions} writes vs P + 1 s", Quantity.Ms(polled.Max().TotalMilliseconds), Quantity.Ms((PollInterval + Slack).TotalMilliseconds), Target.RatioAtMost(1)),
                new Figure("polling: median vs P", Quantity.Ms(Medians.MillisecondsOf(polled)), Quantity.Ms(PollInterval.TotalMilliseconds), null),
                new Figure($"push, iris: slowest of {repetitions} vs 1 s", Quantity.Ms(pushedIris.Max().TotalMilliseconds), Quantity.Ms(Slack.TotalMilliseconds), Target.RatioAtMost(1)),
                new Figure($"push, {largeBytes / 1_000_000} MB model: worst of {largeRepetitions} vs download + load + 1 s", Quantity.Ms(worstLarge.Propagation.TotalMilliseconds),
                    Quantity.Ms((worstLarge.DownloadAndLoad + Slack).TotalMilliseconds), Target.RatioAtMost(1)),
            ],
            Details =
            [
                new DetailTable(["Measurement", "Each write (ms)"],
                [
                    ["polling", Medians.ListMilliseconds(polled)],
                    ["push, iris", Medians.ListMilliseconds(pushedIris)],
                    [$"push, {largeBytes / 1_000_000} MB model", Medians.ListMilliseconds(pushedLarge.Select(l => l.Propagation))],
                    [$"reference: copy + SHA-256 + load of the {largeBytes / 1_000_000} MB model", Medians.ListMilliseconds(pushedLarge.Select(l => l.DownloadAndLoad))],
                ]),
            ],
            Notes =
            [
                .. context.Quick ? [$"Quick run: the large model is {largeBytes / 1_000_000} MB instead of 100 MB."] : Array.Empty<string>(),
                "The hosts' own account of the large model's swaps (both hosts swap at once on the same two cores):",
                .. largeSwapLog.Select(l => $"`{l}`"),
            ],
        };
    }

    private static async Task<TimeSpan> PushAsync(BenchStore store, FleetProbe fleet, string model, int version, CancellationToken ct)
    {
        var written = Stopwatch.GetTimestamp();
        await store.PinAsync(model, version, ct);
        await fleet.RefreshAllAsync(model, ct);
        return Stopwatch.GetElapsedTime(written, await fleet.WaitUntilServingAsync(model, version, TimeSpan.FromSeconds(60), ct));
    }

    /// <summary>Alternates iris between versions 2 and 1, <paramref name="count"/> writes, each measured by <paramref name="measure"/>.</summary>
    private static async Task<List<TimeSpan>> MeasureAsync(int count, Func<int, Task<TimeSpan>> measure)
    {
        var times = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++)
        {
            times.Add(await measure(i % 2 == 0 ? 2 : 1));
        }

        return times;
    }

    private static async Task<T> WithFleetAsync<T>(ScenarioContext context, BenchStore store, TimeSpan pollInterval, string[] models, Func<FleetProbe, Task<T>> measure)
    {
        await store.PinAsync(BenchModels.Iris, 1, context.CancellationToken);
        var settings = new HostSettings { StoreDirectory = store.Directory, PollInterval = pollInterval, Models = models };
        var hosts = new List<ServerProcess>();
        try
        {
            foreach (var i in Enumerable.Range(1, Hosts))
            {
                hosts.Add(await InferenceHostProcess.StartReadyAsync($"host-{i}", settings, context.NewDirectory("cache"), context.CancellationToken));
            }

            using var fleet = new FleetProbe(hosts);
            return await measure(fleet);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
