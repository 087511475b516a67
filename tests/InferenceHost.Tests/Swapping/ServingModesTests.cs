using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.InferenceHost.Tests.Swapping;

public sealed class ServingModesTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task In_on_request_mode_only_a_request_after_the_interval_starts_a_check_and_it_is_served_by_the_current_version()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:58:00Z"));
        await using var serving = await ServingHost.StartAsync(s3.Server, new Dictionary<string, string?> { ["Swap:Mode"] = "OnRequest", ["Swap:PollInterval"] = "00:01:00" }, time);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);
        await store.PublishAsync(2);

        var beforeInterval = await host.PredictAsync([0f, 0f, 0f]);
        var checksBefore = hub.Events.OfType<CheckCompleted>().Count();
        // Minute 58 plus two: the seed compared minute-of-hour values and never checked again after this point.
        time.Advance(TimeSpan.FromMinutes(2));
        var noticing = await host.PredictAsync([0f, 0f, 0f]);
        await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");
        var after = await host.PredictAsync([0f, 0f, 0f]);

        Assert.Equal(0, checksBefore);
        Assert.Equal("1", beforeInterval.Headers.GetValues(PredictHeaders.Version).Single());
        Assert.Equal(HttpStatusCode.OK, noticing.StatusCode);
        Assert.Equal("2", after.Headers.GetValues(PredictHeaders.Version).Single());
    }

    [Fact]
    public async Task In_on_request_mode_the_host_runs_no_timer_of_its_own()
    {
        var time = new FakeTimeProvider();
        await using var serving = await ServingHost.StartAsync(s3.Server, new Dictionary<string, string?> { ["Swap:Mode"] = "OnRequest", ["Swap:PollInterval"] = "00:00:05" }, time);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);

        await store.PublishAsync(2);
        time.Advance(TimeSpan.FromMinutes(10));
        var status = await host.Client.GetFromJsonAsync<Contracts.Status.ModelStatus>($"/models/{ModelStoreScenario.Model}", Json.Options);

        Assert.Equal("1", status!.ServedVersion);
        Assert.DoesNotContain(hub.Events, e => e is CheckCompleted);
    }

    [Fact]
    public async Task A_resource_preserving_swap_answers_503_with_retry_after_in_its_window_and_never_anything_else()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server, new Dictionary<string, string?> { ["Swap:Policy"] = nameof(SwapPolicy.ResourcePreserving) });
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var retryAfterMissing = 0;

        var client = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await host.Client.PostAsJsonAsync("/predict", new { data = new[] { new[] { 0f, 0f, 0f } } }, CancellationToken.None);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null)
                {
                    Interlocked.Increment(ref retryAfterMissing);
                }
            }
        });
        for (var version = 2; version <= 6; version++)
        {
            await store.PublishAsync(version);
            await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == version.ToString());
        }

        await stop.CancelAsync();
        await client;

        Assert.All(statuses.Keys, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(0, retryAfterMissing);
        Assert.Equal("6", (await host.PredictAsync([0f, 0f, 0f])).Headers.GetValues(PredictHeaders.Version).Single());
    }

    [Fact]
    public async Task A_failed_resource_preserving_swap_brings_the_released_version_back()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server, new Dictionary<string, string?> { ["Swap:Policy"] = nameof(SwapPolicy.ResourcePreserving) });
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);

        await store.PublishRawAsync("2", [1, 2, 3, 4]);
        var failure = await hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "2");
        var response = await host.PredictAsync([0f, 0f, 0f]);

        Assert.Equal("1", failure.ServedVersion);
        Assert.Equal("1", response.Headers.GetValues(PredictHeaders.Version).Single());
    }
}
