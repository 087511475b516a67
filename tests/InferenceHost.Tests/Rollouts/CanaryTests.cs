using System.Net.Http.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>A canary answers its share of requests, the same share on every host for a sticky caller. The guard only watches here: routing is under test, not rollbacks.</summary>
public sealed class CanaryTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task A_canary_of_weight_20_answers_a_fifth_of_5000_requests_within_statistical_bounds()
    {
        var (store, host) = await CanaryAsync(weight: 20);
        await using var _ = host;

        var versions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var seen = new List<string>();
            for (var i = 0; i < 1250; i++)
            {
                using var response = await host.PredictAsync([1f, 2f, 3f]);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<SeedPredictResponse>();
                var version = response.Headers.GetValues(PredictHeaders.Version).Single();
                Assert.Equal(version, body!.ModelVersion);
                Assert.Equal(6f + int.Parse(version), body.Prediction[0].GetSingle(), 1e-4f);
                seen.Add(version);
            }

            return seen;
        })));

        // Binomial(5000, 0.2): mean 1000, standard deviation 28.3; ±5 deviations fails a fair canary once in 3.5 million runs.
        var candidate = versions.SelectMany(v => v).Count(v => v == "2");
        var entry = (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(ModelStoreScenario.Model)!;
        Assert.True(entry.Candidate is not null, $"the canary was rolled back: {entry.Reason}");
        Assert.InRange(candidate, 1000 - 142, 1000 + 142);
        Assert.Equal(5000 - candidate, versions.SelectMany(v => v).Count(v => v == "1"));
    }

    [Fact]
    public async Task A_caller_with_a_request_key_always_gets_the_same_version_the_one_its_key_hashes_to()
    {
        var (_, host) = await CanaryAsync(weight: 30);
        await using var __ = host;
        var keys = Enumerable.Range(0, 100).Select(i => $"caller-{i}").ToArray();

        foreach (var key in keys)
        {
            var expected = SlotRollout.StableBucket(key) < 30 ? "2" : "1";
            for (var i = 0; i < 5; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = JsonContent.Create(new { data = new[] { new[] { 1f, 2f, 3f } } }) };
                request.Headers.Add("X-Request-Key", key);
                using var response = await host.Client.SendAsync(request);
                Assert.Equal(expected, response.Headers.GetValues(PredictHeaders.Version).Single());
            }
        }

        var onCandidate = keys.Count(k => SlotRollout.StableBucket(k) < 30);
        Assert.InRange(onCandidate, 15, 45);
    }

    [Fact]
    public async Task Changing_the_weight_changes_the_share_without_reloading_the_candidate()
    {
        var (_, host) = await CanaryAsync(weight: 10);
        await using var __ = host;
        var loaded = host.Service<Reconciler>().Workers[ModelStoreScenario.Model].Rollout.Loaded.Candidate;

        var changed = await RolloutScenario.PostAsync(host, "weight", new Contracts.Control.RolloutWeightRequest(100));

        Assert.Equal(100, changed.Rollout?.Weight);
        Assert.Equal(CandidateState.Ready, changed.Rollout?.State);
        for (var i = 0; i < 50; i++)
        {
            using var response = await host.PredictAsync([1f, 2f, 3f]);
            Assert.Equal("2", response.Headers.GetValues(PredictHeaders.Version).Single());
        }

        Assert.Same(loaded, host.Service<Reconciler>().Workers[ModelStoreScenario.Model].Rollout.Loaded.Candidate);
    }

    private async Task<(ModelStoreScenario Store, RunningHost Host)> CanaryAsync(int weight)
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await store.PublishAsync(2);
        await store.Registry.PinAsync(ModelStoreScenario.Model, "1", "tests", null, CancellationToken.None);
        var host = await RunningHost.StartAsync(store, RolloutScenario.FastGuardWith(("Guard:AutoRollback", "false")));
        await host.WaitUntilServingAsync("1");
        var started = await RolloutScenario.StartAsync(host, "2", RolloutMode.Canary, weight);
        Assert.Equal(CandidateState.Ready, started.Rollout?.State);
        return (store, host);
    }
}
