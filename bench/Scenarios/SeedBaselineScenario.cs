using Hotswap.Bench.Load;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;
using Hotswap.Bench.SeedBaseline;
using Hotswap.Bench.Store;
using Hotswap.Bench.Swaps;

namespace Hotswap.Bench.Scenarios;

/// <summary>
/// (9) The seed's pattern as the seed wrote it, not imitated by the host's <c>Inline</c> mode: a Flask service under
/// gunicorn that reads model_list.json in every request and loads a new version's pickle inline, against the host
/// (<c>Swap:Mode=Poll</c>), both serving the same linear model from one store to the same generator, steady and
/// while the desired version flips every 2 s.
/// </summary>
public sealed class SeedBaselineScenario : IScenario
{
    private const string Model = BenchModels.Iris;
    private const string Host = "host", Seed = "seed baseline";
    private const int WarmUpFlips = 2;
    private static readonly TimeSpan FlipPeriod = TimeSpan.FromSeconds(2);

    /// <summary>The swap scenario's: every 2 s flip is seen well before the next one.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Only used to find which flips the responses showed; this scenario does not split latencies by window.</summary>
    private static readonly TimeSpan WindowMargin = TimeSpan.FromMilliseconds(200);

    /// <summary>A few hundred of the Python service's requests per bucket, so its p99 is not one request's time.</summary>
    private static readonly TimeSpan Bucket = TimeSpan.FromMilliseconds(250);

    public string Name => "seed-baseline";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var phase = context.Pick(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(4));
        var flips = (int)(phase / FlipPeriod);
        var missing = await SeedService.MissingAsync(ct);
        var store = context.NewStore();
        foreach (var version in new[] { 1, 2 })
        {
            var linear = BenchModels.IrisVersion(version);
            var published = await store.PublishAsync(Model, version, linear, ct);
            if (missing is null)
            {
                await SeedService.WritePickleAsync(published, linear, ct);
            }
        }

        var body = PredictBody.Rows(Model, 1, BenchModels.IrisVersion(1).Layers[0].Inputs);
        var plan = new LoadPlan(PredictBody.Path, body, SeedService.Workers, phase);
        var host = await MeasureAsync(Host, () => InferenceHostProcess.StartReadyAsync(Host, new HostSettings { StoreDirectory = store.Directory, PollInterval = PollInterval }, context.NewDirectory("cache"), ct));
        var seed = missing is null ? await MeasureAsync(Seed, () => SeedService.StartReadyAsync(store.Directory, body, ct)) : null;

        // The same phases, in the same order, against each server in turn.
        async Task<Measured> MeasureAsync(string label, Func<Task<ServerProcess>> start)
        {
            context.Log($"seed-baseline: {label}: warm-up, {phase.TotalSeconds:0} s steady, {phase.TotalSeconds:0} s with {flips} flips");
            await store.PinAsync(Model, 1, ct);
            await using var server = await start();

            // Under load, with flips, so the host's swap path is compiled and tiered up and every gunicorn worker has
            // booted and loaded a version, before anything is recorded. Two flips leave version 1 desired again.
            await FlippingLoad.RunAsync(server.Address, plan with { Duration = FlipPeriod * (WarmUpFlips + 1) }, store, Model, WarmUpFlips, FlipPeriod, ct);
            var steady = await LoadGenerator.RunAsync(server.Address, plan, ct);
            var (flipping, flipped) = await FlippingLoad.RunAsync(server.Address, plan, store, Model, flips, FlipPeriod, ct);
            return new Measured(label, steady, flipping, flipped, new SwapWindows(flipping, flipped, WindowMargin));
        }

        var measured = seed is null ? new[] { host } : [host, seed];
        var figures = new List<Figure>();
        foreach (var (name, runOf) in new (string, Func<Measured, LoadRun>)[] { ("steady", m => m.Steady), ("while flipping", m => m.Flipping) })
        {
            if (seed is not null)
            {
                var (s, h) = (runOf(seed), runOf(host));
                figures.Add(new Figure($"{name}: requests/s, seed baseline vs host", Quantity.Rps(s.RequestsPerSecond), Quantity.Rps(h.RequestsPerSecond), null));
                figures.Add(new Figure($"{name}: p99, seed baseline vs host", Quantity.Us(s.Latencies.P99), Quantity.Us(h.Latencies.P99), null));
                figures.Add(new Figure($"{name}: slowest request, seed baseline vs host", Quantity.Us(s.Latencies.Slowest), Quantity.Us(h.Latencies.Slowest), null));
            }

            foreach (var m in measured)
            {
                var run = runOf(m);
                figures.Add(new Figure($"{name}: failed requests (non-2xx + socket errors), {m.Label}", Quantity.Count(run.Failed), Quantity.Count(run.Requests.Count), m.Label == Host ? Target.ValueAtMost(0) : null));
            }
        }

        foreach (var m in measured)
        {
            figures.Add(new Figure($"while flipping: swaps observed in responses vs flips, {m.Label}", Quantity.Count(m.Flips.Count - m.Windows.Missed), Quantity.Count(m.Flips.Count), m.Label == Host ? Target.RatioAtLeast(1) : null));
        }

        var plot = Charts.Lines(context.OutputDirectory, "seed-baseline-p99-while-flipping.png",
            $"p99 latency per {Bucket.TotalMilliseconds:0} ms while the desired version flips every {FlipPeriod.TotalSeconds:0} s (dotted: the flips), the host vs the seed's pattern in Python",
            $"While flipping: p99 per {Bucket.TotalMilliseconds:0} ms", "seconds into the run", "p99 latency (ms)",
            [.. measured.Select(m => LatencyOverTime.P99(m.Label, m.Flipping, Bucket))], [.. measured.Select(m => (IReadOnlyList<double>)[.. m.Flips.Select(f => m.Flipping.SecondsAt(f.WrittenAt))])]);
        return new ScenarioResult
        {
            Name = Name,
            Title = "9. The seed's pattern in Python",
            Method = $"Iris versions 1 and 2 (`sum(features) + N`) published into one local-directory store as ONNX, each folder also holding `model.pkl`, a scikit-learn "
                + "`LinearRegression` with the same coefficients. The host (`Swap:Mode=Poll`, Swap:PollInterval "
                + $"{PollInterval.TotalMilliseconds:0} ms) and the seed baseline (`bench/SeedBaseline/app.py`: Flask under Debian's gunicorn, {SeedService.Workers} sync workers, "
                + "module globals; every request reads model_list.json and, when the desired version changed, loads its pickle inline before predicting) each get "
                + $"the same 1-row `/predict` request from {SeedService.Workers} connections, one per gunicorn worker (a sync worker serves one request at a time, "
                + "so more connections would only queue in its listen backlog); gunicorn's sync workers close the connection after each answer, so the seed baseline's "
                + $"requests each open one. Per server: a {(WarmUpFlips + 1) * FlipPeriod.TotalSeconds:0} s warm-up with {WarmUpFlips} flips, then "
                + $"{phase.TotalSeconds:0} s steady, then {phase.TotalSeconds:0} s while the bench pins the other version once per {FlipPeriod.TotalSeconds:0} s ({flips} flips). "
                + "Failed requests are non-2xx answers and socket errors. The host's figures have targets; the seed baseline's are its baseline.",
            Figures = figures,
            Details = [LoadRunTable.Of(measured.SelectMany(m => new[] { ($"{m.Label}: steady", m.Steady), ($"{m.Label}: while flipping", m.Flipping) }))],
            Plots = [plot],
            Notes = missing is null ? [] : [missing],
        };
    }

    /// <summary>A server's two phases, and the flips of the second.</summary>
    private sealed record Measured(string Label, LoadRun Steady, LoadRun Flipping, IReadOnlyList<Flip> Flips, SwapWindows Windows);
}
