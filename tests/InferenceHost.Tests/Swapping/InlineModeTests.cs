using System.Net;
using System.Net.Http.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>The seed's pattern, kept as a benchmark baseline: the request that notices a new version loads it.</summary>
public sealed class InlineModeTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static readonly Dictionary<string, string?> Inline = new() { ["Swap:Mode"] = "Inline", ["Swap:PollInterval"] = "00:01:00" };

    [Fact]
    public async Task In_inline_mode_the_request_that_finds_the_check_due_swaps_and_is_answered_by_the_new_version()
    {
        var time = new FakeTimeProvider();
        await using var serving = await ServingHost.StartAsync(s3.Server, Inline, time);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);
        await store.PublishAsync(2);

        var beforeInterval = await host.PredictAsync([0f, 0f, 0f]);
        time.Advance(TimeSpan.FromMinutes(1));
        var noticing = await host.PredictAsync([0f, 0f, 0f]);
        var started = await hub.WaitForAsync<SwapStarted>(e => e.ToVersion == "2");

        Assert.Equal("1", beforeInterval.Headers.GetValues(PredictHeaders.Version).Single());
        Assert.Equal("2", noticing.Headers.GetValues(PredictHeaders.Version).Single());
        Assert.Equal(2f, (await noticing.Content.ReadFromJsonAsync<SeedPredictResponse>())!.Prediction[0].GetSingle());
        Assert.Equal("inline", started.Trigger);
    }

    [Fact]
    public async Task Concurrent_requests_during_an_inline_swap_wait_for_it_all_succeed_and_each_names_the_version_that_answered_it()
    {
        var time = new FakeTimeProvider();
        await using var serving = await ServingHost.StartAsync(s3.Server, Inline, time);
        var (store, host) = (serving.Store, serving.Host);
        await store.PublishAsync(2);

        time.Advance(TimeSpan.FromMinutes(1));
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => host.PredictAsync([0f, 0f, 0f])));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses)
        {
            var version = response.Headers.GetValues(PredictHeaders.Version).Single();
            var body = (await response.Content.ReadFromJsonAsync<SeedPredictResponse>())!;
            Assert.Equal(version, body.ModelVersion);
            // Version v predicts sum(features) + v: the header names the version that actually answered.
            Assert.Equal(float.Parse(version), body.Prediction[0].GetSingle());
            // Every request was sent once the check was due, so each either did the swap or waited for it.
            Assert.Equal("2", version);
        }
    }

    [Fact]
    public async Task A_failed_inline_swap_answers_the_noticing_request_with_the_current_version_and_shows_in_status()
    {
        var time = new FakeTimeProvider();
        await using var serving = await ServingHost.StartAsync(s3.Server, Inline, time);
        var (store, host) = (serving.Store, serving.Host);
        await store.PublishRawAsync("2", [1, 2, 3, 4]);

        time.Advance(TimeSpan.FromMinutes(1));
        var noticing = await host.PredictAsync([0f, 0f, 0f]);
        var status = await host.Client.GetFromJsonAsync<ModelStatus>($"/models/{ModelStoreScenario.Model}", Json.Options);

        Assert.Equal(HttpStatusCode.OK, noticing.StatusCode);
        Assert.Equal("1", noticing.Headers.GetValues(PredictHeaders.Version).Single());
        Assert.Equal(ModelState.Failed, status!.State);
        Assert.Contains("version 2", status.LastError);
    }

    [Fact]
    public async Task An_inline_host_runs_no_timer_of_its_own_and_reports_its_mode_as_inline()
    {
        var time = new FakeTimeProvider();
        await using var serving = await ServingHost.StartAsync(s3.Server, Inline, time);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);

        await store.PublishAsync(2);
        time.Advance(TimeSpan.FromMinutes(10));
        var status = await host.StatusAsync();

        Assert.Equal("Inline", status!.Mode);
        Assert.Equal("1", status.Models.Single().ServedVersion);
        Assert.DoesNotContain(hub.Events, e => e is CheckCompleted);
    }

    [Fact]
    public void Options_validation_accepts_the_inline_mode()
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(Inline).Build().GetSection(SwapOptions.Section).Get<SwapOptions>()!;

        var result = new SwapOptionsValidator().Validate(null, options);

        Assert.Equal(SwapMode.Inline, options.Mode);
        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
