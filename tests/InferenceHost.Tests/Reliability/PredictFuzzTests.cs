using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing.Hosts.Fuzzing;

// Deployment.Tests compiles this suite too and runs it against the published Native AOT host, under its own namespace.
#if PUBLISHED_HOST
namespace Hotswap.Deployment.Tests.PublishedHost.Reliability;
#else
namespace Hotswap.InferenceHost.Tests.Reliability;
#endif

/// <summary>
/// Ten thousand generated bad prediction requests against a real host, sent concurrently over a few keep-alive
/// connections with valid predictions interleaved (<see cref="PredictFuzzRun"/>): each bad one gets 400, 413 or 415
/// with a ProblemDetails detail, never a 500, and the host keeps predicting correctly throughout.
/// </summary>
public sealed class PredictFuzzTests(TwoModelHost fixture) : IClassFixture<TwoModelHost>
{
    public const int Requests = 10_200;

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_only_400_413_or_415_with_a_detail_while_valid_ones_keep_succeeding()
    {
        var run = await PredictFuzzRun.RunAsync(fixture.Host.Address, PredictFuzzer.SuiteSeed, Requests);

        Assert.True(run.Failures.Count == 0, run.ToString());
        Assert.Null(run.Afterwards);
        Assert.Equal(Requests, run.Statuses.Values.Sum());
        Assert.All(PredictFuzzRun.Refusals, status => Assert.Contains(run.Statuses.Keys, k => k.Status == (int)status));
    }
}
