using Hotswap.Contracts.Models;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Observability;

/// <summary>
/// A host serving version 1 of a model whose name no other test uses, and a hub client watching it. Metrics and
/// activities are seen by every listener in the test process, so a test tells its own series and spans apart by
/// this model's name.
/// </summary>
public sealed class UniqueModelHost : IAsyncDisposable
{
    private UniqueModelHost(string model, ModelVersionInfo first, ModelStoreScenario store, RunningHost host, HubRecorder hub)
    {
        Model = model;
        First = first;
        Store = store;
        Host = host;
        Hub = hub;
    }

    public string Model { get; }

    /// <summary>Version 1, served once the host has started.</summary>
    public ModelVersionInfo First { get; }

    public ModelStoreScenario Store { get; }
    public RunningHost Host { get; }
    public HubRecorder Hub { get; }

    public static async Task<UniqueModelHost> StartAsync(S3rverProcess server)
    {
        var model = $"m{Guid.NewGuid():N}"[..12];
        var store = new ModelStoreScenario(server);
        var first = await store.PublishAsync(1, model);
        var host = await RunningHost.StartAsync(store);
        await host.WaitUntilServingAsync("1", model);
        return new UniqueModelHost(model, first.Version, store, host, await HubRecorder.ConnectAsync(host));
    }

    public Task<MetricsScrape> ScrapeAsync() => MetricsScrape.ReadAsync(Host.Client);

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Host.DisposeAsync();
    }
}
