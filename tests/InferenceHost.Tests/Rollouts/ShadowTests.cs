using System.Net.Http.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Rollouts;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>A candidate in shadow sees copies of live requests; clients only ever see the served version.</summary>
public sealed class ShadowTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    // Served: x0 + x1 + x2 + 1. Candidate, a "retrained" model: x0 + 2·x1 + x2 + 1, so it differs by |x1| per row.
    private static readonly GeneratedModel Served = GeneratedModel.Linear([1f, 1f, 1f], 1);
    private static readonly GeneratedModel Candidate = GeneratedModel.Linear([1f, 2f, 1f], 1);

    [Fact]
    public async Task Clients_get_the_served_versions_answers_while_the_shadow_sees_the_same_requests()
    {
        await using var host = await ShadowingAsync();
        var rows = Rows(seed: 1, count: 200);

        foreach (var row in rows)
        {
            using var response = await host.PredictAsync(row);
            var body = await response.Content.ReadFromJsonAsync<SeedPredictResponse>();
            Assert.Equal("1", response.Headers.GetValues(PredictHeaders.Version).Single());
            Assert.Equal(Served.Evaluate(row)[0], body!.Prediction[0].GetSingle(), 1e-4f);
        }

        var stats = await RolloutScenario.StatsAsync(host, s => s.Drift?.Comparisons >= 200, "200 comparisons");
        Assert.Equal(RolloutPhase.Shadow, stats!.Phase);
        Assert.Equal(200, stats.Versions.Single(v => v.Role == "served").Requests);
        Assert.Equal(200, stats.Versions.Single(v => v.Role == "candidate").Requests);
    }

    [Fact]
    public async Task The_comparison_figures_are_what_the_two_models_compute_on_those_inputs()
    {
        await using var host = await ShadowingAsync();
        var rows = Rows(seed: 2, count: 100);
        foreach (var row in rows)
        {
            (await host.PredictAsync(row)).Dispose();
        }

        var differences = rows.Select(r => Math.Abs((double)Candidate.Evaluate(r)[0] - Served.Evaluate(r)[0])).ToArray();
        var drift = (await RolloutScenario.StatsAsync(host, s => s.Drift?.Comparisons >= 100, "100 comparisons"))!.Drift!;
        Assert.Equal(100, drift.Comparisons);
        Assert.Equal(differences.Average(), drift.MeanAbsDiff, 1e-5);
        Assert.Equal(differences.Max(), drift.MaxAbsDiff, 1e-5);
        // One output per row: rows agree when within Guard:AgreementTolerance; here only rows whose x1 is about 0.
        Assert.Equal(differences.Count(d => d <= 1e-4) / 100.0, drift.AgreementRate, 1e-9);
        Assert.Equal(0, drift.Dropped);
    }

    private async Task<RunningHost> ShadowingAsync()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(Served, ModelStoreScenario.Model, "1");
        await store.PublishAsync(Candidate, ModelStoreScenario.Model, "2");
        await store.Registry.PinAsync(ModelStoreScenario.Model, "1", "tests", null, CancellationToken.None);
        var host = await RunningHost.StartAsync(store, RolloutScenario.FastGuardWith(("Guard:Window", "00:01:00"), ("Guard:AutoRollback", "false")));
        await host.WaitUntilServingAsync("1");
        var started = await RolloutScenario.StartAsync(host, "2", RolloutMode.Shadow);
        Assert.Equal(CandidateState.Ready, started.Rollout?.State);
        return host;
    }

    private static float[][] Rows(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => new[] { (float)random.NextDouble(), (float)(random.NextDouble() - 0.5), (float)random.NextDouble() })];
    }
}
