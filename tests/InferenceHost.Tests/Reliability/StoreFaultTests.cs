using System.Net.Http.Json;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

// Deployment.Tests compiles this suite too and runs it against the published Native AOT host, under its own namespace.
#if PUBLISHED_HOST
namespace Hotswap.Deployment.Tests.PublishedHost.Reliability;
#else
namespace Hotswap.InferenceHost.Tests.Reliability;
#endif

/// <summary>
/// Faults of the store against real processes: a host serving version 1 under a bounded prediction load meets a
/// store that dies mid-download, stalls past its timeout, loses an object, serves a broken manifest, names a version
/// it does not have, or holds a truncated ONNX file. In every case no prediction fails, the hub and the model's status
/// say what went wrong with which version, retries back off, and once the store is right the host converges by itself.
/// </summary>
public sealed class StoreFaultTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task A_store_killed_mid_download_leaves_version_1_serving_and_the_host_converges_once_it_is_back()
    {
        await using var server = await S3rverProcess.StartAsync();
        await using var proxy = new FaultProxy(server.Port);
        await using var serving = await ServingHost.StartAsync(server, Through(proxy));
        await using var load = PredictionLoad.Start(serving.Host);

        proxy.BytesPerSecond = SlowDownload.BytesPerSecond;
        await serving.Store.PublishAsync(SlowDownload.Large, Model, "2");
        await SlowDownload.UnderWayAsync(serving.Hub, proxy, "2");
        await server.StopAsync();
        var (first, second) = await TwoFailuresAsync(serving.Hub, "2");
        var status = await StatusAsync(serving.Host);
        proxy.BytesPerSecond = 0;
        await server.RestartAsync();
        await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2", TimeSpan.FromSeconds(60));
        await load.StopAsync();

        Assert.Contains($"{Model} version 2", first.Reason);
        Assert.Equal("1", first.ServedVersion);
        AssertBacksOff(first, second);
        AssertNamesTheFailure(status, "2");
        Assert.True(load.Failures.Count == 0, load.ToString());
        await serving.Host.WaitUntilServingAsync("2");
    }

    [Fact]
    public async Task A_store_that_stalls_mid_download_times_out_keeps_version_1_serving_and_the_host_converges_once_it_answers()
    {
        await using var server = await S3rverProcess.StartAsync();
        await using var proxy = new FaultProxy(server.Port);
        await using var serving = await ServingHost.StartAsync(server, Through(proxy, timeout: "00:00:01"));
        await using var load = PredictionLoad.Start(serving.Host);

        proxy.BytesPerSecond = SlowDownload.BytesPerSecond;
        await serving.Store.PublishAsync(SlowDownload.Large, Model, "2");
        await SlowDownload.UnderWayAsync(serving.Hub, proxy, "2");
        proxy.Stalled = true;
        var (first, second) = await TwoFailuresAsync(serving.Hub, "2");
        var failedCheck = await serving.Hub.WaitForAsync<CheckCompleted>(e => e.Error is not null && e.At > first.At);
        var status = await StatusAsync(serving.Host);
        proxy.BytesPerSecond = 0;
        proxy.Stalled = false;
        await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2", TimeSpan.FromSeconds(60));
        await load.StopAsync();

        Assert.Contains("did not answer in time", first.Reason);
        Assert.Contains("did not answer in time", failedCheck.Error);
        AssertBacksOff(first, second);
        AssertNamesTheFailure(status, "2");
        Assert.True(load.Failures.Count == 0, load.ToString());
    }

    [Fact]
    public async Task An_onnx_object_deleted_after_the_manifest_names_its_version_is_retried_until_it_is_back()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var store = serving.Store;
        await using var load = PredictionLoad.Start(serving.Host);
        var onnx = GeneratedModel.Linear([1f, 1f, 1f], 2).ToOnnx();

        // Held at 1 while version 2 is published and its ONNX object deleted, then released: the manifest names a version whose bytes are gone.
        await store.Registry.PinAsync(Model, "1", "tests", "hold", CancellationToken.None);
        await store.PublishAsync(2);
        await store.Store.DeleteAsync($"{store.Prefix}/{Model}/2/model.onnx", CancellationToken.None);
        await store.Registry.UnpinAsync(Model, "tests", "release", CancellationToken.None);
        var (first, second) = await TwoFailuresAsync(serving.Hub, "2");
        var status = await StatusAsync(serving.Host);
        await store.OverwriteOnnxAsync("2", onnx);
        await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");
        await load.StopAsync();

        Assert.Contains("model.onnx does not exist", first.Reason);
        AssertBacksOff(first, second);
        AssertNamesTheFailure(status, "2");
        Assert.True(load.Failures.Count == 0, load.ToString());
    }

    [Theory]
    [InlineData("{\"iris_model\": {\"version\": ", "is not valid")]
    [InlineData("", "empty")]
    [InlineData("[1, 2, 3]", "is not valid")]
    [InlineData("{\"iris_model\": {\"version\": 2}}", "iris_model")]
    public async Task A_broken_manifest_is_reported_and_ignored_until_a_valid_one_replaces_it(string manifest, string problem)
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var store = serving.Store;
        await using var load = PredictionLoad.Start(serving.Host);
        var good = await ControlScenario.ManifestAsync(store);

        await store.WriteManifestAsync(manifest);
        // Matched on the problem: s3rver can also answer a read that meets its own write with a transient error.
        var failedCheck = await serving.Hub.WaitForAsync<CheckCompleted>(e => e.Error?.Contains(problem, StringComparison.Ordinal) == true);
        var status = await Eventually.ReturnsAsync(
            serving.Host.StatusAsync,
            s => s.LastCheckError?.Contains(problem, StringComparison.Ordinal) == true,
            "the status to report the broken manifest");
        await store.WriteManifestAsync(good);
        await store.PublishAsync(2);
        await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");
        await load.StopAsync();

        Assert.Contains("model_list.json", failedCheck.Error);
        Assert.Contains("model_list.json", status.LastCheckError);
        Assert.Equal("1", Assert.Single(status.Models).ServedVersion);
        Assert.True(load.Failures.Count == 0, load.ToString());
        Assert.DoesNotContain(serving.Hub.Events, e => e is ModelRemoved);
    }

    [Fact]
    public async Task A_deleted_manifest_unloads_nothing_keeps_the_host_ready_and_is_reported_until_a_valid_one_is_back()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var store = serving.Store;
        await using var load = PredictionLoad.Start(serving.Host);
        var good = await ControlScenario.ManifestAsync(store);

        await store.Store.DeleteAsync($"{store.Prefix}/model_list.json", CancellationToken.None);
        var failedCheck = await serving.Hub.WaitForAsync<CheckCompleted>(e => e.Error?.Contains("missing", StringComparison.Ordinal) == true);
        var status = await Eventually.ReturnsAsync(
            serving.Host.StatusAsync,
            s => s.LastCheckError?.Contains("missing", StringComparison.Ordinal) == true,
            "the status to report the missing manifest");
        var ready = await serving.Host.Client.GetAsync("/readyz");
        var prediction = await serving.Host.PredictAsync([1f, 2f, 3f]);
        await store.WriteManifestAsync(good);
        await store.PublishAsync(2);
        await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");
        await load.StopAsync();

        Assert.Contains("model_list.json", failedCheck.Error);
        Assert.Equal("1", Assert.Single(status!.Models).ServedVersion);
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, prediction.StatusCode);
        Assert.True(load.Failures.Count == 0, load.ToString());
        Assert.DoesNotContain(serving.Hub.Events, e => e is ModelRemoved);
    }

    [Fact]
    public async Task A_manifest_naming_a_version_the_store_does_not_have_is_retried_until_it_is_published()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var store = serving.Store;
        await using var load = PredictionLoad.Start(serving.Host);

        await store.WriteManifestAsync($$$"""{"{{{Model}}}": {"path": "s3://{{{S3rverProcess.Bucket}}}/{{{store.Prefix}}}/{{{Model}}}/7", "version": "7"}}""");
        var (first, second) = await TwoFailuresAsync(serving.Hub, "7");
        var status = await StatusAsync(serving.Host);
        await store.PublishAsync(7);
        await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "7");
        await load.StopAsync();

        Assert.Contains($"{Model} version 7 is not in the store", first.Reason);
        AssertBacksOff(first, second);
        AssertNamesTheFailure(status, "7");
        Assert.True(load.Failures.Count == 0, load.ToString());
    }

    [Theory]
    [InlineData(true, "not a model ONNX Runtime can load")]
    [InlineData(false, "SHA-256")]
    public async Task A_truncated_onnx_file_is_refused_and_a_good_version_after_it_is_served(bool checksumOfTheTruncatedBytes, string problem)
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var store = serving.Store;
        await using var load = PredictionLoad.Start(serving.Host);
        var onnx = GeneratedModel.Linear([1f, 1f, 1f], 2).ToOnnx();
        var truncated = onnx[..(onnx.Length / 2)];

        if (checksumOfTheTruncatedBytes)
        {
            await store.PublishRawAsync("2", truncated);
        }
        else
        {
            await store.Registry.PinAsync(Model, "1", "tests", "hold", CancellationToken.None);
            await store.PublishAsync(2);
            await store.OverwriteOnnxAsync("2", truncated);
            await store.Registry.UnpinAsync(Model, "tests", "release", CancellationToken.None);
        }

        var (first, second) = await TwoFailuresAsync(serving.Hub, "2");
        var status = await StatusAsync(serving.Host);
        await store.PublishAsync(3);
        await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "3");
        await load.StopAsync();

        Assert.Contains(problem, first.Reason);
        AssertBacksOff(first, second);
        AssertNamesTheFailure(status, "2");
        Assert.True(load.Failures.Count == 0, load.ToString());
    }

    private static Dictionary<string, string?> Through(FaultProxy proxy, string? timeout = null)
    {
        var settings = new Dictionary<string, string?> { ["ModelStore:ServiceUrl"] = proxy.Url };
        if (timeout is not null)
        {
            settings["ModelStore:Timeout"] = timeout;
        }

        return settings;
    }

    private static async Task<(SwapFailed First, SwapFailed Second)> TwoFailuresAsync(HubRecorder hub, string version)
    {
        var first = await hub.WaitForAsync<SwapFailed>(e => e.ToVersion == version, TimeSpan.FromSeconds(60));
        var second = await hub.WaitForAsync<SwapFailed>(e => e.ToVersion == version && e.SwapId != first.SwapId, TimeSpan.FromSeconds(60));
        return (first, second);
    }

    private static async Task<ModelStatus> StatusAsync(RunningHost host) =>
        (await host.Client.GetFromJsonAsync<ModelStatus>($"/models/{Model}", Json.Options))!;

    private static void AssertBacksOff(SwapFailed first, SwapFailed second)
    {
        Assert.True(second.At >= first.NextRetryAt, $"retried at {second.At:O}, before the backoff ended at {first.NextRetryAt:O}");
        Assert.True(second.NextRetryAt - second.At > first.NextRetryAt - first.At, "the backoff did not grow");
    }

    private static void AssertNamesTheFailure(ModelStatus status, string version)
    {
        Assert.Equal("1", status.ServedVersion);
        Assert.Contains($"{Model} version {version}", status.LastError);
        Assert.NotNull(status.NextRetryAt);
    }
}
