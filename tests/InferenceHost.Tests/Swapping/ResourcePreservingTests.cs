using System.Net;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>
/// A memory-capped host (<see cref="SwapPolicy.ResourcePreserving"/>) downloads and verifies a version before it
/// releases the served one, and brings the served one back from its cache, without the store, when the new one cannot
/// be loaded: a broken or unreachable target never leaves the model down.
/// </summary>
public sealed class ResourcePreservingTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task A_target_whose_download_fails_leaves_the_old_version_answering_every_request()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server, Preserving());
        var store = serving.Store;
        await using var load = PredictionLoad.Start(serving.Host);

        // Held at 1 while version 2 is published and its ONNX object deleted, then released: the manifest names a version whose bytes are gone.
        await store.Registry.PinAsync(Model, "1", "tests", "hold", CancellationToken.None);
        await store.PublishAsync(2);
        await store.Store.DeleteAsync($"{store.Prefix}/{Model}/2/model.onnx", CancellationToken.None);
        await store.Registry.UnpinAsync(Model, "tests", "release", CancellationToken.None);
        var first = await serving.Hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "2");
        var retried = await serving.Hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "2" && e.At > first.At);
        await load.StopAsync();

        Assert.Contains("model.onnx does not exist", first.Reason);
        Assert.Equal("1", retried.ServedVersion);
        Assert.True(load.Failures.Count == 0, load.ToString());
        Assert.Equal(["1"], load.Versions.Keys);
    }

    [Fact]
    public async Task A_target_that_downloads_but_cannot_load_is_refused_and_the_old_version_comes_back_with_the_store_down()
    {
        await using var server = await S3rverProcess.StartAsync();
        await using var serving = await ServingHost.StartAsync(server, Preserving());
        Assert.True(serving.Host.Service<ServingCatalog>().TryGet(Model, out var slot));
        // A request in flight on version 1: its release waits for it, so the store can be stopped between the download and the load.
        Assert.True(slot.TryLease(out var request));

        // Bytes whose checksum verifies, but that ONNX Runtime refuses.
        await serving.Store.PublishRawAsync("2", [1, 2, 3, 4]);
        await serving.Host.WaitForStatusAsync(s => s is { ServedVersion: null, State: ModelState.Swapping }, "version 1 to be released for version 2");
        await server.StopAsync();
        request.Dispose();
        var failure = await serving.Hub.WaitForAsync<SwapFailed>(e => e.ToVersion == "2");
        await serving.Host.WaitUntilServingAsync("1");
        var response = await serving.Host.PredictAsync([0f, 0f, 0f]);

        Assert.Equal("1", failure.ServedVersion);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues(PredictHeaders.Version).Single());
    }

    [Fact]
    public async Task The_old_version_answers_every_request_while_the_new_one_downloads_and_the_new_one_serves_after()
    {
        await using var server = await S3rverProcess.StartAsync();
        await using var proxy = new FaultProxy(server.Port);
        await using var serving = await ServingHost.StartAsync(server, Preserving(proxy));
        await using var load = PredictionLoad.Start(serving.Host);

        proxy.BytesPerSecond = SlowDownload.BytesPerSecond;
        await serving.Store.PublishAsync(SlowDownload.Large, Model, "2");
        await SlowDownload.UnderWayAsync(serving.Hub, proxy, "2");
        // Held mid-download while requests come in: every one of them must be answered by version 1.
        proxy.Stalled = true;
        var before = load.Requests;
        await Eventually.ReturnsAsync(() => Task.FromResult(load.Requests - before), n => n >= 20, "requests answered while version 2 downloads");
        var duringDownload = load.ToString();
        var failedDuringDownload = load.Failures.Count;
        proxy.Stalled = false;
        proxy.BytesPerSecond = 0;
        await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");
        await load.StopAsync();
        var response = await serving.Host.PredictAsync([0f, 0f, 0f]);

        Assert.True(failedDuringDownload == 0, duringDownload);
        Assert.Equal("2", response.Headers.GetValues(PredictHeaders.Version).Single());
        Assert.True(load.Failures.All(f => f.StartsWith("503", StringComparison.Ordinal)), load.ToString());
    }

    private static Dictionary<string, string?> Preserving(FaultProxy? proxy = null)
    {
        var settings = new Dictionary<string, string?> { ["Swap:Policy"] = nameof(SwapPolicy.ResourcePreserving) };
        if (proxy is not null)
        {
            settings["ModelStore:ServiceUrl"] = proxy.Url;
        }

        return settings;
    }
}
