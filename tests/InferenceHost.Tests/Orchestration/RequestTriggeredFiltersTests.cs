using System.Net;
using Hotswap.Contracts.Predict;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.InferenceHost.Tests.Orchestration;

/// <summary>The seed's inline pattern, kept as the bench's baseline, now an endpoint filter added only in that mode.</summary>
public sealed class RequestTriggeredFiltersTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task In_inline_mode_the_request_that_finds_a_check_due_waits_for_the_swap_and_is_answered_by_the_new_version()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T10:00:00Z"));
        await using var serving = await ServingHost.StartAsync(s3.Server, new Dictionary<string, string?> { ["Swap:Mode"] = "Inline", ["Swap:PollInterval"] = "00:01:00" }, time);
        var (store, host) = (serving.Store, serving.Host);
        await store.PublishAsync(2);

        var beforeInterval = await host.PredictAsync([0f, 0f, 0f]);
        time.Advance(TimeSpan.FromMinutes(2));
        var noticing = await host.PredictAsync([0f, 0f, 0f]);

        Assert.Equal("1", beforeInterval.Headers.GetValues(PredictHeaders.Version).Single());
        Assert.Equal(HttpStatusCode.OK, noticing.StatusCode);
        Assert.Equal("2", noticing.Headers.GetValues(PredictHeaders.Version).Single());
    }
}
