using System.Net;
using System.Net.Http.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

// Deployment.Tests compiles this suite too and runs it against the published Native AOT host, under its own namespace.
#if PUBLISHED_HOST
namespace Hotswap.Deployment.Tests.PublishedHost.Swapping;
#else
namespace Hotswap.InferenceHost.Tests.Swapping;
#endif

public sealed class HotSwapTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task A_host_serves_the_published_version_and_names_it_in_headers_and_body()
    {
        var store = new ModelStoreScenario(s3.Server);
        var published = await store.PublishAsync(1);
        await using var host = await RunningHost.StartAsync(store);

        var response = await Eventually.ReturnsAsync(() => host.PredictAsync([1f, 2f, 3f]), r => r.IsSuccessStatusCode, "the first version to serve");
        var body = await response.Content.ReadFromJsonAsync<SeedPredictResponse>();

        Assert.Equal("1", body!.ModelVersion);
        Assert.Equal(7f, body.Prediction[0].GetSingle());
        Assert.Equal("1", response.Headers.GetValues(PredictHeaders.Version).Single());
        Assert.Equal(ModelStoreScenario.Model, response.Headers.GetValues(PredictHeaders.Model).Single());
        Assert.StartsWith(response.Headers.GetValues(PredictHeaders.Sha256).Single(), published.Version.Sha256);
    }

    [Fact]
    public async Task Publishing_a_new_version_swaps_it_in_as_seen_by_the_hub_and_by_responses()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);

        await store.PublishAsync(2);
        var swap = await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");
        var response = await host.PredictAsync([0f, 0f, 0f]);

        Assert.Equal("1", swap.FromVersion);
        Assert.True(swap.Durations.TotalMs >= swap.Durations.LoadMs);
        Assert.Equal("2", response.Headers.GetValues(PredictHeaders.Version).Single());
        Assert.Equal(2f, (await response.Content.ReadFromJsonAsync<SeedPredictResponse>())!.Prediction[0].GetSingle());
    }

    [Fact]
    public async Task A_pin_holds_across_a_host_restart()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await store.PublishAsync(2);
        await using (var host = await RunningHost.StartAsync(store))
        {
            var pin = await host.Operator.PostAsJsonAsync($"/control/models/{ModelStoreScenario.Model}/pin", new { version = "1", reason = "v2 regressed" });
            Assert.Equal(HttpStatusCode.OK, pin.StatusCode);
        }

        await store.PublishAsync(3);
        await using var restarted = await RunningHost.StartAsync(store);
        await restarted.WaitUntilServingAsync("1");
        var response = await restarted.PredictAsync([0f, 0f, 0f]);

        Assert.Equal("1", response.Headers.GetValues(PredictHeaders.Version).Single());
    }

    [Fact]
    public async Task Rollback_returns_to_the_previous_version_and_pins_it()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);
        await store.PublishAsync(2);
        await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");

        var rollback = await host.Operator.PostAsJsonAsync($"/control/models/{ModelStoreScenario.Model}/rollback", new { reason = "bad outputs" });
        var result = await rollback.Content.ReadFromJsonAsync<Hotswap.Contracts.Control.ControlResult>();

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal("1", result!.DesiredVersion);
        Assert.Equal("1", result.ServedVersion);
        Assert.True(result.Pinned);
        Assert.Equal("1", (await host.PredictAsync([0f, 0f, 0f])).Headers.GetValues(PredictHeaders.Version).Single());
    }

    [Fact]
    public async Task Models_added_to_and_removed_from_the_desired_state_are_loaded_and_unloaded()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);

        await store.PublishAsync(5, model: "second_model");
        await hub.WaitForAsync<SwapSucceeded>(e => e.Model == "second_model");
        var second = await host.PredictAsync([0f, 0f, 0f], model: "second_model");
        var manifest = (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document;
        await store.WriteManifestAsync(System.Text.Encoding.UTF8.GetString((manifest with { Models = manifest.Models.Remove("second_model") }).ToJson()));
        await hub.WaitForAsync<ModelRemoved>(e => e.Model == "second_model");
        var gone = await host.PredictAsync([0f, 0f, 0f], model: "second_model");

        Assert.Equal("5", second.Headers.GetValues(PredictHeaders.Version).Single());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Status_reports_served_and_desired_versions_and_readiness_follows_serving()
    {
        var store = new ModelStoreScenario(s3.Server);
        await using var host = await RunningHost.StartAsync(store, new Dictionary<string, string?> { ["Swap:Models:0"] = ModelStoreScenario.Model });
        var notReady = await host.Client.GetAsync("/readyz");

        await store.PublishAsync(1);
        await Eventually.ReturnsAsync(() => host.Client.GetAsync("/readyz"), r => r.IsSuccessStatusCode, "readiness");
        var served = await host.Client.GetFromJsonAsync<ModelStatus>($"/models/{ModelStoreScenario.Model}", Json.Options);
        // The worker records the finished swap just after the new version starts serving.
        var status = await Eventually.ReturnsAsync(
            () => host.Client.GetFromJsonAsync<ModelStatus>($"/models/{ModelStoreScenario.Model}", Json.Options),
            s => s!.State == ModelState.Serving,
            "state Serving");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("1", served!.ServedVersion);
        Assert.Equal("1", status!.ServedVersion);
        Assert.Equal("1", status.DesiredVersion);
        Assert.NotNull(status.LoadedAt);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz")).StatusCode);
    }
}
