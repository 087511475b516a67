using Hotswap.Bench.Load;
using Hotswap.Bench.NoopServer;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;
using Hotswap.Bench.Store;

namespace Hotswap.Bench.Scenarios;

/// <summary>
/// (1, idle models) What loaded but idle models cost the rest of the machine: the no-op endpoint's throughput while
/// a host with 20 models loaded sits idle beside it, against the same with a host of one model. Sessions whose thread
/// pools spin would show here.
/// </summary>
public sealed class IdleModelsScenario : IScenario
{
    private const int Models = 20;

    public string Name => "idle-models";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var rounds = context.Pick(3, 1);
        var measure = context.Pick(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1.5));
        var warmUp = context.Pick(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5));
        var store = context.NewStore();
        var names = Enumerable.Range(1, Models).Select(i => $"idle_{i:00}").ToArray();
        foreach (var name in names)
        {
            await store.PublishAsync(name, 1, BenchModels.IrisVersion(1), ct);
        }

        await using var noop = await NoopServerProcess.StartReadyAsync(ct);
        var plan = new LoadPlan(NoopServerApp.Path, PredictBody.Rows(BenchModels.Iris, 1, 3), LoadPlan.SaturatingConnections, measure);
        var withOne = new List<LoadRun>();
        var withAll = new List<LoadRun>();
        for (var round = 0; round < rounds; round++)
        {
            // Alternated, so a drifting machine weighs on both alike.
            foreach (var (served, runs) in new[] { (names[..1], withOne), (names, withAll) })
            {
                context.Log($"idle-models: round {round + 1}, a host with {served.Length} idle model(s) beside the no-op server");
                var settings = new HostSettings { StoreDirectory = store.Directory, Models = served };
                await using var host = await InferenceHostProcess.StartReadyAsync("idle host", settings, context.NewDirectory("cache"), ct);
                runs.Add(await LoadGenerator.RunWarmAsync(noop.Address, plan, warmUp, ct));
            }
        }

        var one = Medians.Of(withOne.Select(r => r.RequestsPerSecond));
        var all = Medians.Of(withAll.Select(r => r.RequestsPerSecond));
        return new ScenarioResult
        {
            Name = Name,
            Title = "1b. Idle loaded models",
            Method = $"The no-op server under saturating load ({LoadPlan.SaturatingConnections} connections, {measure.TotalSeconds:0.#} s after a {warmUp.TotalSeconds:0.#} s warm-up) while an idle host "
                + $"process runs beside it with {Models} iris-sized models loaded, against the same with a host of 1 model; {rounds} round(s), alternated, medians.",
            Figures = [new Figure($"no-op requests/s beside {Models} idle models vs beside 1", Quantity.Rps(all), Quantity.Rps(one), Target.RatioAtLeast(0.95))],
            Details = [LoadRunTable.Of([.. withOne.Select(r => ("beside a host with 1 model", r)), .. withAll.Select(r => ($"beside a host with {Models} models", r))])],
        };
    }
}
