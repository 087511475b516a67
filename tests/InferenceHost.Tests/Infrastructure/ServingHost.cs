using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>The starting point of most host tests: a fresh store with version 1, a host serving it, and a hub client watching.</summary>
public sealed class ServingHost : IAsyncDisposable
{
    private ServingHost(ModelStoreScenario store, RunningHost host, HubRecorder hub)
    {
        Store = store;
        Host = host;
        Hub = hub;
    }

    public ModelStoreScenario Store { get; }
    public RunningHost Host { get; }
    public HubRecorder Hub { get; }

    public static async Task<ServingHost> StartAsync(S3rverProcess server, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var store = new ModelStoreScenario(server);
        await store.PublishAsync(1);
        var host = await RunningHost.StartAsync(store, settings, time);
        await host.WaitUntilServingAsync("1");
        return new ServingHost(store, host, await HubRecorder.ConnectAsync(host));
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Host.DisposeAsync();
    }
}
