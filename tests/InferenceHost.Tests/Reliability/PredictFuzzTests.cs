using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing.Hosts;
using Hotswap.Testing.Hosts.Fuzzing;

namespace Hotswap.InferenceHost.Tests.Reliability;

/// <summary>
/// Ten thousand generated bad prediction requests against a real host, sent concurrently over a few keep-alive
/// connections with valid predictions interleaved (<see cref="PredictFuzzRun"/>): each bad one gets 400, 413 or 415
/// with a ProblemDetails detail, never a 500, and the host keeps predicting correctly throughout.
/// </summary>
public sealed class PredictFuzzTests(TwoModelHost fixture) : IClassFixture<TwoModelHost>
{
    private const int Requests = 10_200;

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_only_400_413_or_415_with_a_detail_while_valid_ones_keep_succeeding()
    {
        var run = await PredictFuzzRun.RunAsync(fixture.Host.Address, PredictFuzzer.SuiteSeed, Requests);

        Assert.True(run.Failures.Count == 0, run.ToString());
        Assert.Null(run.Afterwards);
        Assert.Equal(Requests, run.Statuses.Values.Sum());
        Assert.All(PredictFuzzRun.Refusals, status => Assert.Contains(run.Statuses.Keys, k => k.Status == (int)status));
    }

    [Fact]
    public void The_generator_is_deterministic_and_covers_every_category_on_both_endpoints()
    {
        var first = new PredictFuzzer(PredictFuzzer.SuiteSeed).Generate(Requests).ToList();
        var second = new PredictFuzzer(PredictFuzzer.SuiteSeed).Generate(Requests).ToList();

        Assert.Equal(first.Count, second.Count);
        Assert.All(first.Zip(second), p => Assert.True(p.First.Path == p.Second.Path && p.First.ContentType == p.Second.ContentType && p.First.Body.AsSpan().SequenceEqual(p.Second.Body), $"differs: {p.First}"));
        Assert.All(first.GroupBy(r => r.Category), g => Assert.True(g.Count() >= 500, $"{g.Key}: {g.Count()}"));
        Assert.Contains(first, r => r.Path == "/predict");
        Assert.Contains(first, r => r.Path.EndsWith("/invocations", StringComparison.Ordinal));
        Assert.Contains(first, r => r.Body.Length > TwoModelStore.MaxBodyBytes && r.Chunked);
    }
}
