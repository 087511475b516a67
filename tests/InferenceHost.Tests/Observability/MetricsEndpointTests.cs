using System.Net;
using System.Net.Http.Json;
using Hotswap.Contracts.Swapping;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Observability;

/// <summary>What a Prometheus scrape of a real host shows after predictions, swaps and checks.</summary>
public sealed class MetricsEndpointTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static readonly string[] Phases = ["download", "load", "validate", "warmup"];

    [Fact]
    public async Task Predictions_are_counted_per_model_version_and_status_and_timed_per_version()
    {
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);
        var model = serving.Model;

        for (var i = 0; i < 3; i++)
        {
            (await serving.Host.PredictAsync([1f, 2f, 3f], model)).EnsureSuccessStatusCode();
        }

        var wrongShape = await serving.Host.PredictAsync([1f, 2f], model);
        var scrape = await serving.ScrapeAsync();

        Assert.Equal(HttpStatusCode.BadRequest, wrongShape.StatusCode);
        Assert.Equal(3, scrape.Value("hotswap_predictions_total", ("model", model), ("version", "1"), ("status", "200")));
        Assert.Equal(1, scrape.Value("hotswap_predictions_total", ("model", model), ("version", "1"), ("status", "400")));
        Assert.Equal(4, scrape.Value("hotswap_prediction_duration_seconds_count", ("model", model), ("version", "1")));
        Assert.True(scrape.Value("hotswap_prediction_duration_seconds_sum", ("model", model), ("version", "1")) > 0);
        Assert.Equal(4, scrape.Value("hotswap_prediction_duration_seconds_bucket", ("model", model), ("version", "1"), ("le", "+Inf")));
    }

    [Fact]
    public async Task A_request_no_version_answered_is_counted_without_a_model_or_version()
    {
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);

        var unknown = await serving.Host.PredictAsync([1f, 2f, 3f], "no_such_model");
        var scrape = await serving.ScrapeAsync();

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True(scrape.Value("hotswap_predictions_total", ("model", ""), ("version", ""), ("status", "404")) >= 1);
        Assert.DoesNotContain(scrape.Samples, s => s.Labels.TryGetValue("model", out var m) && m == "no_such_model");
    }

    [Fact]
    public async Task A_successful_swap_is_counted_with_its_phases_and_the_version_info_names_only_the_new_version()
    {
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);
        var model = serving.Model;
        var before = await serving.ScrapeAsync();

        await serving.Store.PublishAsync(2, model);
        var swap = await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.Model == model && e.ToVersion == "2");
        var scrape = await serving.ScrapeAsync();

        Assert.Equal(2, scrape.Value("hotswap_swaps_total", ("model", model), ("outcome", "succeeded")));
        Assert.Null(scrape.Value("hotswap_swaps_total", ("model", model), ("outcome", "failed")));
        foreach (var phase in Phases)
        {
            Assert.Equal(2, scrape.Value("hotswap_swap_phase_duration_seconds_count", ("model", model), ("phase", phase)));
        }

        Assert.Equal(swap.Durations.TotalMs / 1000, PhaseSeconds(scrape, model) - PhaseSeconds(before, model), tolerance: 1e-5);
        Assert.Equal(1, scrape.Value("hotswap_model_version_info", ("model", model), ("version", "2"), ("sha256", swap.Sha256!)));
        Assert.Null(scrape.Value("hotswap_model_version_info", ("model", model), ("version", "1")));
    }

    [Fact]
    public async Task A_failed_swap_is_counted_as_failed_and_the_served_version_stays_the_one_reported()
    {
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);
        var model = serving.Model;

        await serving.Store.PublishRawAsync("2", [0x08, 0x01, 0x12, 0x04, 0xde, 0xad], model);
        await serving.Hub.WaitForAsync<SwapFailed>(e => e.Model == model && e.ToVersion == "2");
        var scrape = await serving.ScrapeAsync();

        Assert.True(scrape.Value("hotswap_swaps_total", ("model", model), ("outcome", "failed")) >= 1);
        Assert.Equal(1, scrape.Value("hotswap_swaps_total", ("model", model), ("outcome", "succeeded")));
        Assert.Equal(1, scrape.Value("hotswap_model_version_info", ("model", model), ("version", "1"), ("sha256", serving.First.Sha256!)));
        Assert.DoesNotContain(scrape.Samples, s => s.Name == "hotswap_model_version_info" && s.Labels["model"] == model && s.Labels["version"] == "2");
    }

    [Fact]
    public async Task Reads_of_the_desired_state_are_timed_and_failed_reads_counted()
    {
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);
        var before = await serving.ScrapeAsync();

        await serving.Store.Server.StopAsync();
        try
        {
            await serving.Hub.WaitForAsync<CheckCompleted>(e => e.Error is not null);
        }
        finally
        {
            await serving.Store.Server.RestartAsync();
        }

        var after = await serving.ScrapeAsync();

        Assert.True(before.Value("hotswap_store_check_duration_seconds_count") >= 1, before.ToString());
        Assert.True(after.Value("hotswap_store_check_errors_total") > (before.Value("hotswap_store_check_errors_total") ?? 0));
        Assert.True(after.Value("hotswap_store_check_duration_seconds_count") > before.Value("hotswap_store_check_duration_seconds_count"));
    }

    [Fact]
    public async Task A_host_exports_only_its_own_measurements_when_another_host_shares_its_process()
    {
        await using var other = await UniqueModelHost.StartAsync(s3.Server);
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);

        (await other.Host.PredictAsync([1f, 2f, 3f], other.Model)).EnsureSuccessStatusCode();
        var scrape = await serving.ScrapeAsync();

        Assert.DoesNotContain(scrape.Samples, s => s.Labels.TryGetValue("model", out var m) && m == other.Model);
        Assert.Equal(1, scrape.Value("hotswap_model_version_info", ("model", serving.Model), ("version", "1")));
    }

    [Fact]
    public async Task Metrics_are_open_to_a_scraper_without_a_token_but_cannot_be_posted_to()
    {
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);

        var scrape = await serving.Host.Client.GetAsync("/metrics");
        var post = await serving.Host.Client.PostAsJsonAsync("/metrics", new { });

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    private static double PhaseSeconds(MetricsScrape scrape, string model) =>
        Phases.Sum(p => scrape.Value("hotswap_swap_phase_duration_seconds_sum", ("model", model), ("phase", p)) ?? 0);
}
