using System.Net.Http.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Reliability;

/// <summary>
/// The host as a real process, killed with SIGKILL in the middle of a large version's download (throttled through a
/// proxy so the kill lands mid-swap), then started again on the same cache directory: it comes up serving the desired
/// version, a pinned one included, and the pin keeps holding.
/// </summary>
public sealed class HostKillTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IDisposable
{
    private const string Model = ModelStoreScenario.Model;

    /// <summary>The cache both processes of a test share, as a restarted pod keeps its volume.</summary>
    private readonly string _cache = RunningHost.NewCacheDirectory();

    [Fact]
    public async Task A_host_killed_mid_swap_restarts_into_the_desired_version()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using var proxy = new FaultProxy(s3.Server.Port);
        var settings = new Dictionary<string, string?> { ["ModelStore:ServiceUrl"] = proxy.Url };

        await using (var host = await InferenceHostProcess.StartAsync(store, settings, _cache))
        {
            await host.WaitUntilServingAsync("1");
            await using var hub = await HubRecorder.ConnectAsync(host.Address);
            proxy.BytesPerSecond = SlowDownload.BytesPerSecond;
            await store.PublishAsync(SlowDownload.Large, Model, "2");
            await SlowDownload.UnderWayAsync(hub, proxy, "2");
            await host.KillAsync();
        }

        proxy.BytesPerSecond = 0;
        await using var restarted = await InferenceHostProcess.StartAsync(store, settings, _cache);
        var status = await restarted.WaitUntilServingAsync("2");

        Assert.Equal("2", status!.DesiredVersion);
        Assert.Equal("2", (await restarted.Client.PostAsJsonAsync("/predict", new { data = new[] { new[] { 0f, 0f, 0f } } })).Headers.GetValues(PredictHeaders.Version).Single());
    }

    [Fact]
    public async Task A_host_killed_while_swapping_to_a_pinned_version_restarts_into_it_and_the_pin_holds()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await store.Registry.PinAsync(Model, "1", "tests", "hold at 1", CancellationToken.None);
        await store.PublishAsync(SlowDownload.Large, Model, "2");
        await using var proxy = new FaultProxy(s3.Server.Port);
        var settings = new Dictionary<string, string?> { ["ModelStore:ServiceUrl"] = proxy.Url };

        await using (var host = await InferenceHostProcess.StartAsync(store, settings, _cache))
        {
            await host.WaitUntilServingAsync("1");
            await using var hub = await HubRecorder.ConnectAsync(host.Address);
            proxy.BytesPerSecond = SlowDownload.BytesPerSecond;
            var pinning = host.Operator.PostAsJsonAsync($"/control/models/{Model}/pin", new PinRequest("2", "pin the large one"));
            await SlowDownload.UnderWayAsync(hub, proxy, "2");
            await host.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => pinning);
        }

        proxy.BytesPerSecond = 0;
        await using var restarted = await InferenceHostProcess.StartAsync(store, settings, _cache);
        await restarted.WaitUntilServingAsync("2");
        await using var watch = await HubRecorder.ConnectAsync(restarted.Address);
        var published = DateTimeOffset.UtcNow;
        await store.PublishAsync(3);
        var first = await watch.WaitForAsync<CheckCompleted>(e => e.At > published);
        await watch.WaitForAsync<CheckCompleted>(e => e.At > first.At);
        var status = await restarted.ModelStatusAsync();

        Assert.Equal(("2", "2", true), (status!.ServedVersion, status.DesiredVersion, status.Pinned));
        Assert.DoesNotContain(watch.Events, e => e is SwapStarted);
    }

    public void Dispose() => RunningHost.DeleteCacheDirectory(_cache);
}
