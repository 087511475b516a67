using Hotswap.Registry.DesiredState;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>Versions 1 and 2 published, 1 pinned and served by a host whose guard never aborts: version 2 can go on trial.</summary>
public static class OperatorScenario
{
    public const string Model = ModelStoreScenario.Model;

    public static async Task<(ModelStoreScenario Store, RunningHost Host)> ReadyForARolloutAsync(S3rverProcess server)
    {
        var store = new ModelStoreScenario(server);
        await store.PublishAsync(1);
        await store.PublishAsync(2);
        await store.Registry.PinAsync(Model, "1", "tests", null, CancellationToken.None);
        var host = await RunningHost.StartAsync(store, new Dictionary<string, string?> { ["Guard:AutoRollback"] = "false" });
        await host.WaitUntilServingAsync("1");
        return (store, host);
    }

    /// <summary>The model's entry in <c>model_list.json</c>, as the registry reads it.</summary>
    public static async Task<ModelEntry> EntryAsync(ModelStoreScenario store) =>
        (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(Model)!;
}
