using System.Net;
using System.Net.Http.Json;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>
/// A client that only sends predictions, on a real host: it can neither hide a drifting shadow with inputs that make
/// both versions answer infinity, nor trip the guard against a healthy version with extreme inputs or huge batches,
/// and the rollout's figures stay readable throughout.
/// </summary>
[Collection(RolloutScenario.LatencySensitive)]
public sealed class HostileTrafficTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    // Served: x0 + x1 + x2 + 1.
    private static readonly GeneratedModel Served = GeneratedModel.Linear([1f, 1f, 1f], 1);

    [Fact]
    public async Task A_shadow_drifting_by_1_is_aborted_under_inputs_that_make_both_versions_answer_infinity_and_its_figures_stay_readable()
    {
        var store = await StoreAsync(GeneratedModel.Linear([1f, 1f, 1f], 2));
        await using var host = await ServingAsync(store, RolloutScenario.FastGuard);
        await using var hub = await HubRecorder.ConnectAsync(host);
        await RolloutScenario.StartAsync(host, "2", RolloutMode.Shadow, guard: new GuardRules { MaxDrift = 0.5 });
        await RolloutScenario.StatsAsync(host, s => s.Phase == RolloutPhase.Shadow, "the shadow's first figures");

        // One request in three overflows both versions (3 × 3e38 is +inf in float32): identical infinities, no drift.
        var sent = 0;
        await Eventually.ReturnsAsync(
            async () =>
            {
                for (var i = 0; i < 30; i++, sent++)
                {
                    using var answer = await host.PredictAsync(sent % 3 == 0 ? [3e38f, 3e38f, 3e38f] : [0.5f, 0.25f, 0.125f]);
                    Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                }

                using var rollout = await host.Client.GetAsync($"/models/{Model}/rollout");
                Assert.True(rollout.StatusCode == HttpStatusCode.OK, $"GET rollout answered {(int)rollout.StatusCode}: {await rollout.Content.ReadAsStringAsync()}");
                return hub.Events.OfType<AutoRollback>().FirstOrDefault();
            },
            r => r is not null,
            "the guard's rollback",
            TimeSpan.FromSeconds(90));

        var rollback = hub.Events.OfType<AutoRollback>().First();
        Assert.Equal(RolloutPhase.Shadow, rollback.Phase);
        Assert.StartsWith("auto-rollback: drift", rollback.Reason);
        Assert.All(hub.Events.OfType<RolloutStats>().SelectMany(s => s.Guard), r => Assert.True(double.IsFinite(r.Closeness)));
    }

    [Fact]
    public async Task A_healthy_shadow_under_inputs_of_1e30_mixed_with_ordinary_ones_is_not_aborted()
    {
        // A retrained version differing by 0.001 in one weight: at most 0.001 on ordinary inputs, 1e27 on inputs of 1e30.
        var store = await StoreAsync(GeneratedModel.Linear([1f, 1f, 1.001f], 1));
        await using var host = await ServingAsync(store, RolloutScenario.FastGuard);
        await using var hub = await HubRecorder.ConnectAsync(host);
        await RolloutScenario.StartAsync(host, "2", RolloutMode.Shadow, guard: new GuardRules { MaxDrift = 0.5 });

        // One request in twenty-five is extreme; sent until the extreme ones have been compared and the rule has been
        // armed over more than a whole window (3 s, 15 evaluations).
        var sent = 0;
        var evaluations = 0;
        await Eventually.ReturnsAsync(
            async () =>
            {
                for (var i = 0; i < 50; i++, sent++)
                {
                    using var answer = await host.PredictAsync(sent % 25 == 0 ? [1e30f, 1e30f, 1e30f] : [0.5f, 0.25f, 0.125f]);
                    Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                }

                var armed = hub.Events.OfType<RolloutStats>().Where(s => s.Drift?.MaxAbsDiff >= OutputVector.MaxDifference && s.Guard.Any(r => r.Rule == GuardEvaluation.Drift && r.Armed)).ToArray();
                evaluations = armed.Length;
                return evaluations > 20 || hub.Events.OfType<AutoRollback>().Any();
            },
            done => done,
            "the drift rule armed over a whole window with extreme requests compared",
            TimeSpan.FromSeconds(120));

        Assert.DoesNotContain(hub.Events, e => e is AutoRollback);
        Assert.Equal("2", (await DesiredAsync(store)).Candidate?.Version);
        Assert.True(evaluations > 20);
    }

    [Fact]
    public async Task A_healthy_canary_sent_huge_batches_by_a_sticky_key_is_not_rolled_back_for_its_p99()
    {
        var store = await StoreAsync(GeneratedModel.Linear([1f, 1f, 1f], 1));
        await using var host = await ServingAsync(store, RolloutScenario.FastGuardOnABusyMachine(("Guard:Window", "00:00:10"), ("Guard:MinLatencySamples", "200")));
        await using var hub = await HubRecorder.ConnectAsync(host);
        await RolloutScenario.StartAsync(host, "2", RolloutMode.Canary, 50);

        // Ordinary single rows go to both versions; a caller whose key routes to the canary sends 10,000 rows (Predict:MaxBatchRows) at a time.
        var key = Enumerable.Range(0, 1000).Select(i => $"attacker-{i}").First(k => RolloutRouter.StableBucket(k) < 50);
        var batch = new { data = Enumerable.Range(0, 10_000).Select(_ => new[] { 0.5f, 0.25f, 0.125f }).ToArray() };
        await using var load = PredictionLoad.Start(host, clients: 2);
        var huge = 0;
        await Eventually.ReturnsAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = JsonContent.Create(batch) };
                request.Headers.Add("X-Request-Key", key);
                using var answer = await host.Client.SendAsync(request);
                Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
                huge += answer.Headers.GetValues(Contracts.Predict.PredictHeaders.Version).Single() == "2" ? 1 : 0;
                var armed = hub.Events.OfType<RolloutStats>().Count(s => s.Guard.Any(r => r.Rule == GuardEvaluation.P99Ratio && r.Armed));
                return armed > 60 || hub.Events.OfType<AutoRollback>().Any();
            },
            done => done,
            "the p99 rule armed over more than a whole window of huge batches",
            TimeSpan.FromSeconds(120));
        await load.StopAsync();

        Assert.DoesNotContain(hub.Events, e => e is AutoRollback);
        Assert.Equal("2", (await DesiredAsync(store)).Candidate?.Version);
        Assert.Empty(load.Failures);
        Assert.True(huge > 10, $"{huge} huge batches answered by the canary");
    }

    /// <summary>Version 1 (<see cref="Served"/>) pinned and <paramref name="candidate"/> published as version 2.</summary>
    private async Task<ModelStoreScenario> StoreAsync(GeneratedModel candidate)
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(Served, Model, "1");
        await store.PublishAsync(candidate, Model, "2");
        await store.Registry.PinAsync(Model, "1", "tests", null, CancellationToken.None);
        return store;
    }

    private static async Task<RunningHost> ServingAsync(ModelStoreScenario store, Dictionary<string, string?> settings)
    {
        var host = await RunningHost.StartAsync(store, settings);
        await host.WaitUntilServingAsync("1");
        return host;
    }

    private static async Task<Registry.DesiredState.ModelEntry> DesiredAsync(ModelStoreScenario store) =>
        (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(Model)!;
}
