using Hotswap.Bench.Load;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;
using Hotswap.Bench.Store;
using Hotswap.Bench.Swaps;

namespace Hotswap.Bench.Scenarios;

/// <summary>
/// (2) Swap under load: saturating /predict load while the desired version flips every second, once with our
/// <c>Swap:Mode=Poll</c> (load, validate and warm off the request path) and once with the seed's pattern as a baseline,
/// <c>Swap:Mode=Inline</c> (the request that notices a new version loads it), same load, same flips.
/// </summary>
public sealed class SwapUnderLoadScenario : IScenario
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FlipPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WindowMargin = TimeSpan.FromMilliseconds(200);
    /// <summary>Short enough that the few requests an inline load holds up are more than 1% of their bucket.</summary>
    private static readonly TimeSpan Bucket = TimeSpan.FromMilliseconds(100);

    /// <summary>A swap that costs what loading a real model costs (tens of ms), not iris's few.</summary>
    private const string Model = BenchModels.Medium;

    public string Name => "swap";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var flips = context.Pick(100, 10);
        var store = context.NewStore();
        await store.PublishAsync(Model, 1, BenchModels.MediumVersion(1), ct);
        await store.PublishAsync(Model, 2, BenchModels.MediumVersion(2), ct);

        var figures = new List<Figure>();
        var runs = new List<(string, LoadRun)>();
        var series = new List<Series>();
        var markers = new List<IReadOnlyList<double>>();
        var notes = new List<string>();
        foreach (var (mode, label, isBaseline) in new[] { ("Poll", "Poll (ours)", false), ("Inline", "Inline (seed baseline)", true) })
        {
            context.Log($"swap: Swap:Mode={mode}, {flips} flips");
            await store.PinAsync(Model, 1, ct);
            var settings = new HostSettings { StoreDirectory = store.Directory, Mode = mode, PollInterval = PollInterval };
            ServerProcess host;
            try
            {
                host = await InferenceHostProcess.StartReadyAsync($"host-{mode.ToLowerInvariant()}", settings, context.NewDirectory("cache"), ct);
            }
            catch (ServerFailedException e) when (isBaseline)
            {
                notes.Add($"The baseline `Swap:Mode={mode}` is not in this host build yet (the host refused to start: {FirstLine(e.Message)}); run the bench again once it is.");
                continue;
            }

            await using (host)
            {
                var (run, windows, observedFlips) = await RunWithFlipsAsync(host, store, flips, context);
                runs.Add(($"{label}: all requests", run));
                var during = new LatencyDistribution(windows.During);
                var steady = new LatencyDistribution(windows.Steady);
                Target? Unless(Target target) => isBaseline ? null : target;
                figures.Add(new Figure($"{label}: p99 in swap windows vs steady p99", Quantity.Us(during.P99), Quantity.Us(steady.P99), Unless(Target.RatioAtMost(1.25))));
                figures.Add(new Figure($"{label}: slowest request in swap windows vs steady", Quantity.Us(during.Slowest), Quantity.Us(steady.Slowest), null));
                figures.Add(new Figure($"{label}: non-2xx responses", Quantity.Count(run.Non2xx), Quantity.Count(run.Requests.Count), Unless(Target.ValueAtMost(0))));
                figures.Add(new Figure($"{label}: socket errors", Quantity.Count(run.SocketErrors), Quantity.Count(run.Requests.Count), Unless(Target.ValueAtMost(0))));
                figures.Add(new Figure($"{label}: swaps observed in responses vs flips", Quantity.Count(observedFlips.Count - windows.Missed), Quantity.Count(observedFlips.Count), Unless(Target.RatioAtLeast(1))));
                figures.Add(new Figure($"{label}: median write → first response of the new version", Quantity.Ms(Medians.MillisecondsOf(windows.Propagation)), Quantity.Ms(PollInterval.TotalMilliseconds), null));
                series.Add(LatencyOverTime.P99(label, run, Bucket));
                markers.Add([.. observedFlips.Select(f => run.SecondsAt(f.WrittenAt))]);
            }
        }

        var bucket = $"{Bucket.TotalMilliseconds:0} ms";
        var plot = Charts.Lines(context.OutputDirectory, "swap-p99-over-time.png",
            $"p99 latency per {bucket} under saturating load while the desired version flips every second (dotted: the flips), ours vs the seed's inline baseline",
            $"Swap under load: p99 per {bucket}", "seconds into the run", "p99 latency (ms)", series, markers);
        var zoom = TimeSpan.FromSeconds(10);
        var zoomed = Charts.Lines(context.OutputDirectory, "swap-p99-first-10s.png",
            $"The same, first {zoom.TotalSeconds:0} s only: each flip (dotted, in its run's colour) and what it did to p99",
            $"Swap under load: p99 per {bucket}, first {zoom.TotalSeconds:0} s", "seconds into the run", "p99 latency (ms)",
            [.. series.Select(s => Until(s, zoom.TotalSeconds))], [.. markers.Select(m => (IReadOnlyList<double>)[.. m.Where(t => t < zoom.TotalSeconds)])]);
        return new ScenarioResult
        {
            Name = Name,
            Title = "2. Swap under load",
            Method = $"One host, versions 1 and 2 of a ~10 MB generated model (40 features) in a local-directory store, Swap:PollInterval {PollInterval.TotalMilliseconds:0} ms. {LoadPlan.SaturatingConnections} keep-alive "
                + $"connections send /predict for {flips} s while the bench pins the other version once per {FlipPeriod.TotalSeconds:0} s, at a random point of its first half ({flips} desired-state writes). "
                + $"A swap window runs from the write until the first request sent after it is answered by the new version (`X-Model-Version`), plus {WindowMargin.TotalMilliseconds:0} ms; "
                + "requests in flight during a window count as \"in swap windows\", all others as steady. An inline load holds up one request per connection, "
                + "fewer than 1% of a window's requests, so its spike shows in the slowest request and in the plot's short buckets rather than in the window p99. The same run with the seed's pattern (`Swap:Mode=Inline`) is the baseline: no target, it shows the spike.",
            Figures = figures,
            Details = [LoadRunTable.Of(runs)],
            Plots = [plot, zoomed],
            Notes = notes,
        };
    }

    private static async Task<(LoadRun Run, SwapWindows Windows, IReadOnlyList<Flip> Flips)> RunWithFlipsAsync(ServerProcess host, BenchStore store, int flips, ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var body = PredictBody.Rows(Model, 1, BenchModels.WakeWordFeatures);
        var plan = new LoadPlan(PredictBody.Path, body, LoadPlan.SaturatingConnections, FlipPeriod * flips);

        // Warm-up under load with two flips, so the swap path is compiled and tiered up before anything is recorded.
        const int WarmUpFlips = 2;
        await FlippingLoad.RunAsync(host.Address, plan with { Duration = FlipPeriod * (WarmUpFlips + 1) }, store, Model, WarmUpFlips, FlipPeriod, ct);
        var (run, flipped) = await FlippingLoad.RunAsync(host.Address, plan, store, Model, flips, FlipPeriod, ct);
        return (run, new SwapWindows(run, flipped, WindowMargin), flipped);
    }

    private static Series Until(Series series, double seconds)
    {
        var kept = series.X.TakeWhile(x => x < seconds).Count();
        return series with { X = [.. series.X.Take(kept)], Y = [.. series.Y.Take(kept)] };
    }

    private static string FirstLine(string text) => text.Split('\n', 3) is [_, var second, ..] ? second.Trim() : text;
}
