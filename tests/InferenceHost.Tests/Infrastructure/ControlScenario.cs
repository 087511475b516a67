using System.Text;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>The starting point of control tests: versions 1 and 2 published, a host serving 2, and the manifest's text to compare.</summary>
public static class ControlScenario
{
    public static async Task<(ModelStoreScenario Store, RunningHost Host)> ServingTwoVersionsAsync(S3rverProcess server)
    {
        var store = new ModelStoreScenario(server);
        await store.PublishAsync(1);
        await store.PublishAsync(2);
        var host = await RunningHost.StartAsync(store);
        await host.WaitUntilServingAsync("2");
        return (store, host);
    }

    public static async Task<string> ManifestAsync(ModelStoreScenario store) =>
        Encoding.UTF8.GetString((await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.ToJson());
}
