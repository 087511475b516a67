using System.Net.Http.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>Every way a swap can fail leaves the served version answering, and says why.</summary>
public sealed class FailedSwapTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task A_version_that_is_not_onnx_is_refused_and_the_old_version_keeps_serving()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);

        await store.PublishRawAsync("2", [0x08, 0x01, 0x12, 0x04, 0xde, 0xad]);
        var failure = await hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "2");

        Assert.Contains("not a model ONNX Runtime can load", failure.Reason);
        Assert.Equal("1", failure.ServedVersion);
        await AssertServesAsync(host, "1");
        var status = await host.Client.GetFromJsonAsync<ModelStatus>($"/models/{ModelStoreScenario.Model}", Json.Options);
        Assert.Equal(ModelState.Failed, status!.State);
        Assert.Contains("version 2", status.LastError);
        Assert.NotNull(status.NextRetryAt);
    }

    [Fact]
    public async Task A_checksum_mismatch_is_refused_and_the_old_version_keeps_serving()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);

        await store.PublishAsync(2);
        await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");
        await store.PublishAsync(3);
        await store.OverwriteOnnxAsync("3", GeneratedModel.Linear([9f, 9f, 9f], 3).ToOnnx());
        var failure = await hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "3");

        Assert.Contains("SHA-256", failure.Reason);
        await AssertServesAsync(host, "2");
    }

    [Fact]
    public async Task A_version_with_an_incompatible_signature_is_refused_unless_forced()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);
        var fourFeatures = new Contracts.Models.ModelSignature(
            [new("features", "float32", [-1, 4])], [new("prediction", "float32", [-1, 1])]);

        await store.PublishAsync(GeneratedModel.Linear([1f, 1f, 1f, 1f], 2), ModelStoreScenario.Model, "2", fourFeatures);
        var failure = await hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "2");
        await AssertServesAsync(host, "1");
        var forced = await host.Operator.PostAsJsonAsync($"/control/models/{ModelStoreScenario.Model}/refresh", new { force = true });

        Assert.Contains("changes shape from [-1,3] to [-1,4]", failure.Reason);
        Assert.True(forced.IsSuccessStatusCode);
        Assert.Equal("2", (await forced.Content.ReadFromJsonAsync<Contracts.Control.ControlResult>())!.ServedVersion);
    }

    [Fact]
    public async Task With_the_store_stopped_the_host_keeps_serving_reports_the_error_and_recovers_by_itself()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);

        await store.Server.StopAsync();
        var failedCheck = await hub.WaitForAsync<CheckCompleted>(e => e.Error is not null);
        await AssertServesAsync(host, "1");
        var status = await host.StatusAsync();
        await store.Server.RestartAsync();
        await store.PublishAsync(2);
        await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");

        Assert.Contains("unreachable", failedCheck.Error);
        Assert.Equal(failedCheck.Error, status!.LastCheckError);
        await AssertServesAsync(host, "2");
    }

    [Fact]
    public async Task A_failed_version_is_retried_with_backoff_and_served_once_the_store_has_it_right()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);
        await store.PublishAsync(2);
        await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");
        var good = GeneratedModel.Linear([1f, 1f, 1f], 3).ToOnnx();

        await store.PublishAsync(3);
        await store.OverwriteOnnxAsync("3", [1, 2, 3]);
        var first = await hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "3");
        var second = await hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "3" && e.SwapId != first.SwapId);
        await store.OverwriteOnnxAsync("3", good);
        await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "3");

        Assert.True(second.At >= first.NextRetryAt, "the retry came before its backoff elapsed");
        Assert.True(second.NextRetryAt - second.At > first.NextRetryAt - first.At, "the backoff did not grow");
        await AssertServesAsync(host, "3");
    }

    private static async Task AssertServesAsync(RunningHost host, string version)
    {
        var response = await host.PredictAsync([0f, 0f, 0f]);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<SeedPredictResponse>();
        Assert.Equal(version, body!.ModelVersion);
        Assert.Equal(float.Parse(version), body.Prediction[0].GetSingle());
    }
}
