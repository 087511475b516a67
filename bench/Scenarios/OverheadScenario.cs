using Hotswap.Bench.Load;
using Hotswap.Bench.Micro;
using Hotswap.Bench.NoopServer;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;

namespace Hotswap.Bench.Scenarios;

/// <summary>
/// (1) Serving overhead: /predict against its two limits, the no-op endpoint on the same Kestrel settings (throughput)
/// and ONNX Runtime's raw Run (latency). Latency is measured on one connection, so it holds no queueing; throughput on
/// the saturating number of connections. A full run also loads the Native AOT host the images ship, in the same
/// rounds, for what AOT costs or saves in steady state against the JIT host.
/// </summary>
public sealed class OverheadScenario : IScenario
{
    public string Name => "overhead";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var rounds = context.Pick(3, 1);
        var measure = context.Pick(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        var warmUp = context.Pick(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.3));

        context.Log("overhead: raw ONNX Runtime Run, in-process");
        var raw = RawRunTimer.Measure(context.Quick, Path.Combine(context.OutputDirectory, "BenchmarkDotNet"));

        var store = context.NewStore();
        foreach (var c in Enum.GetValues<ServingCase>().DistinctBy(c => c.Model()))
        {
            await store.PublishAsync(c.Model(), 1, c.Graph(), ct);
        }

        var aotEntryPoint = context.Quick ? null : await context.PublishAsync(BuiltApplications.InferenceHostProject, "Hotswap.InferenceHost", ["PublishAot=true"]);

        await using var noop = await NoopServerProcess.StartReadyAsync(ct);
        await using var host = await InferenceHostProcess.StartReadyAsync("host", new HostSettings { StoreDirectory = store.Directory }, context.NewDirectory("cache"), ct);
        await using var aot = aotEntryPoint is null ? null
            : await InferenceHostProcess.StartReadyAsync("host, Native AOT", new HostSettings { StoreDirectory = store.Directory, EntryPoint = aotEntryPoint }, context.NewDirectory("cache"), ct);

        // Both servers, and the generator's own paths, reach steady state (tiered JIT and dynamic PGO, pools) before the
        // first case rather than during it: a few seconds on one connection and on many.
        var iris = PredictBody.Rows(ServingCase.Iris1Row.Model(), 1, 3);
        foreach (var connections in new[] { 1, LoadPlan.SaturatingConnections })
        {
            await LoadGenerator.RunAsync(noop.Address, new LoadPlan(NoopServerApp.Path, iris, connections, warmUp * 6), ct);
            await LoadGenerator.RunAsync(host.Address, new LoadPlan(PredictBody.Path, iris, connections, warmUp * 6), ct);
            if (aot is not null)
            {
                await LoadGenerator.RunAsync(aot.Address, new LoadPlan(PredictBody.Path, iris, connections, warmUp * 6), ct);
            }
        }

        var figures = new List<Figure>();
        var runs = new List<(string, LoadRun)>();
        var latencyOfIris = new List<Series>();
        foreach (var c in Enum.GetValues<ServingCase>())
        {
            context.Log($"overhead: {c.Describe()}, {rounds} round(s)");
            var body = PredictBody.Rows(c.Model(), c.Rows(), c.Graph().Layers[0].Inputs);
            var serial = new LoadPlan(PredictBody.Path, body, 1, measure);
            var saturating = serial with { Connections = LoadPlan.SaturatingConnections };
            var p50Deltas = new List<double>();
            var hostRps = new List<double>();
            var noopRps = new List<double>();
            var aotRps = new List<double>();
            var aotP50Deltas = new List<double>();
            var errors = 0;
            for (var round = 1; round <= rounds; round++)
            {
                // Host and no-op back to back, round after round: a drifting machine weighs on both alike.
                var noopSerial = await LoadGenerator.RunWarmAsync(noop.Address, serial with { Path = NoopServerApp.Path }, warmUp, ct);
                var hostSerial = await LoadGenerator.RunWarmAsync(host.Address, serial, warmUp, ct);
                var noopLoaded = await LoadGenerator.RunWarmAsync(noop.Address, saturating with { Path = NoopServerApp.Path }, warmUp, ct);
                var hostLoaded = await LoadGenerator.RunWarmAsync(host.Address, saturating, warmUp, ct);
                runs.AddRange([($"{c.Describe()}, round {round}: no-op, 1 connection", noopSerial), ($"{c.Describe()}, round {round}: /predict, 1 connection", hostSerial),
                    ($"{c.Describe()}, round {round}: no-op, saturating", noopLoaded), ($"{c.Describe()}, round {round}: /predict, saturating", hostLoaded)]);
                p50Deltas.Add(hostSerial.Latencies.P50 - noopSerial.Latencies.P50);
                hostRps.Add(hostLoaded.RequestsPerSecond);
                noopRps.Add(noopLoaded.RequestsPerSecond);
                errors += hostSerial.Failed + hostLoaded.Failed;
                if (aot is not null)
                {
                    var aotSerial = await LoadGenerator.RunWarmAsync(aot.Address, serial, warmUp, ct);
                    var aotLoaded = await LoadGenerator.RunWarmAsync(aot.Address, saturating, warmUp, ct);
                    runs.AddRange([($"{c.Describe()}, round {round}: /predict on Native AOT, 1 connection", aotSerial), ($"{c.Describe()}, round {round}: /predict on Native AOT, saturating", aotLoaded)]);
                    aotP50Deltas.Add(aotSerial.Latencies.P50 - noopSerial.Latencies.P50);
                    aotRps.Add(aotLoaded.RequestsPerSecond);
                    errors += aotSerial.Failed + aotLoaded.Failed;
                }

                if (c == ServingCase.Iris1Row && round == 1)
                {
                    latencyOfIris.AddRange([Cdf("no-op endpoint", noopSerial.Latencies), Cdf("/predict (iris, 1 row)", hostSerial.Latencies)]);
                }
            }

            figures.Add(new Figure($"{c.Describe()}: /predict requests/s vs no-op", Quantity.Rps(Medians.Of(hostRps)), Quantity.Rps(Medians.Of(noopRps)),
                c == ServingCase.Iris1Row ? Target.RatioAtLeast(0.80) : null));
            figures.Add(new Figure($"{c.Describe()}: p50 − no-op p50 vs raw Run", Quantity.Us(Medians.Of(p50Deltas)), Quantity.Us(raw.Microseconds[c]), Target.RatioAtMost(1.5)));
            if (aot is not null)
            {
                figures.Add(new Figure($"{c.Describe()}: Native AOT /predict requests/s vs JIT /predict", Quantity.Rps(Medians.Of(aotRps)), Quantity.Rps(Medians.Of(hostRps)), Target.RatioAtLeast(0.90)));
                figures.Add(new Figure($"{c.Describe()}: Native AOT p50 − no-op p50 vs raw Run", Quantity.Us(Medians.Of(aotP50Deltas)), Quantity.Us(raw.Microseconds[c]), null));
            }

            figures.Add(new Figure($"{c.Describe()}: non-2xx and socket errors", Quantity.Count(errors), Quantity.None, Target.ValueAtMost(0)));
        }

        var cdf = Charts.Lines(context.OutputDirectory, "overhead-latency-cdf.png", "Latency CDF on one keep-alive connection: /predict (iris, 1 row) vs the no-op endpoint",
            "Latency CDF, one connection (no queueing)", "latency (µs, log scale)", "requests at or below (%)", latencyOfIris, logX: true);
        return new ScenarioResult
        {
            Name = Name,
            Title = "1. Serving overhead",
            Method = $"`/predict` (seed format) and the no-op endpoint (`{NoopServerApp.Command}`: an empty ASP.NET Core app on the same Kestrel defaults and server GC) are each loaded "
                + $"for {measure.TotalSeconds:0.#} s after a {warmUp.TotalSeconds:0.#} s warm-up, first on 1 keep-alive connection (latency without queueing), then on "
                + $"{LoadPlan.SaturatingConnections} (throughput), back to back, in {rounds} round(s); the figures are medians over the rounds. The no-op endpoint receives the same body. Raw Run: {raw.Method}, same graph and batch, OrtValue inputs and "
                + "pre-allocated outputs, the host's session options (1 intra-op thread, no spinning). Only iris 1 row has a throughput target against the no-op endpoint; the other cases' throughput is context. "
                + (aot is null ? "A quick run leaves out the Native AOT host." : "The Native AOT host (`dotnet publish -p:PublishAot=true`, what the images ship) is loaded right after the JIT host (the build output) in every round, same store and settings; its throughput target is within 10% of the JIT host's."),
            Figures = figures,
            Details = [LoadRunTable.Of(runs), new DetailTable(["Raw Run", "median"], [.. raw.Microseconds.Select(p => (IReadOnlyList<string>)[p.Key.Describe(), Quantity.Us(p.Value).ToString()])])],
            Plots = [cdf],
        };
    }

    private static Series Cdf(string label, LatencyDistribution latencies)
    {
        // Up to p99.9: the last permille is one slow request and flattens the rest of the curve.
        var kept = latencies.SortedMicroseconds.Take((int)(latencies.Count * 0.999)).ToArray();
        var step = Math.Max(1, kept.Length / 2000);
        var points = Enumerable.Range(0, kept.Length / step).Select(i => i * step).ToArray();
        return new Series(label, [.. points.Select(i => kept[i])], [.. points.Select(i => 100.0 * (i + 1) / latencies.Count)]);
    }
}
