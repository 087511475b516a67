using System.Net;
using System.Text;
using Hotswap.InferenceHost.Orchestration;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.InferenceHost.Tests.Api;

/// <summary>A trial version that failed to load answers its failure again for a while instead of reading the store on every request.</summary>
public sealed class TrialRetryTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task A_trial_that_failed_to_load_is_loaded_again_only_after_the_retry_delay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T08:00:00Z"));
        await using var proxy = new FaultProxy(s3.Server.Port);
        var settings = new Dictionary<string, string?> { ["ModelStore:ServiceUrl"] = proxy.Url, ["Swap:PollInterval"] = "01:00:00" };
        await using var serving = await ServingHost.StartAsync(s3.Server, settings, time);
        await serving.Store.PublishRawAsync("2", [1, 2, 3, 4]);

        var first = await TryAsync(serving, "2");
        var bytesAfterFirst = proxy.BytesDown;
        var second = await TryAsync(serving, "2");
        var bytesAfterSecond = proxy.BytesDown;
        time.Advance(TrialVersions.RetryDelay);
        var third = await TryAsync(serving, "2");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal(bytesAfterFirst, bytesAfterSecond);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, third.StatusCode);
        Assert.True(proxy.BytesDown > bytesAfterSecond, "the load after the retry delay reads the store again");
    }

    private static Task<HttpResponseMessage> TryAsync(ServingHost serving, string version) =>
        serving.Host.Operator.PostAsync(
            $"/control/models/{Testing.Hosts.ModelStoreScenario.Model}/versions/{version}/invocations",
            new StringContent("""{"inputs": [[1, 2, 3]]}""", Encoding.UTF8, "application/json"));
}
