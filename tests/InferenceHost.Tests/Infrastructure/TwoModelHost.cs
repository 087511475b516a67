using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>
/// One host serving the two models of <see cref="TwoModelStore"/> with its small request limits. Shared by
/// the tests of the predict API and by its fuzzing.
/// </summary>
public sealed class TwoModelHost : IAsyncLifetime
{
    private readonly S3rverFixture _s3 = new();

    public RunningHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _s3.InitializeAsync();
        var store = new ModelStoreScenario(_s3.Server);
        await TwoModelStore.PublishAsync(store);
        Host = await RunningHost.StartAsync(store, TwoModelStore.Settings);
        await Host.WaitUntilServingAsync("1");
        await Host.WaitUntilServingAsync("1", TwoModelStore.OffsetModel);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _s3.DisposeAsync();
    }
}
