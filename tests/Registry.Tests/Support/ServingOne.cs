using Hotswap.Registry.DesiredState;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Support;

/// <summary>The starting point of rollout and command tests: versions 1 and 2 of "iris" published, the fleet held on 1.</summary>
public static class ServingOne
{
    public static async Task<TestStore> WithTwoPublishedAsync(StoreKind kind, S3rverFixture s3)
    {
        var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await store.Registry.PinAsync("iris", "1", "ops", null, TestContext.Current.CancellationToken);
        return store;
    }

    public static async Task<ModelEntry> DesiredAsync(TestStore store) =>
        (await store.Registry.DesiredState.ReadAsync(TestContext.Current.CancellationToken)).Document.Find("iris")!;
}
