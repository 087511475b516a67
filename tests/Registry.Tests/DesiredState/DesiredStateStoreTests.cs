using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.DesiredState;

public sealed class DesiredStateStoreTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_store_without_model_list_has_an_empty_desired_state(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);

        var snapshot = await store.Registry.DesiredState.ReadAsync(Ct);

        Assert.Empty(snapshot.Document.Models);
        Assert.Null(snapshot.ETag);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task ReadIfChanged_with_the_current_ETag_answers_null(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.Registry.DesiredState.UpdateAsync(d => d.With("iris", new ModelEntry { Version = "1" }), Ct);
        var snapshot = await store.Registry.DesiredState.ReadAsync(Ct);

        Assert.Null(await store.Registry.DesiredState.ReadIfChangedAsync(snapshot.ETag, Ct));
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task ReadIfChanged_after_an_update_answers_the_new_document(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.Registry.DesiredState.UpdateAsync(d => d.With("iris", new ModelEntry { Version = "1" }), Ct);
        var snapshot = await store.Registry.DesiredState.ReadAsync(Ct);
        await store.Registry.DesiredState.UpdateAsync(d => d.With("iris", new ModelEntry { Version = "2" }), Ct);

        var changed = await store.Registry.DesiredState.ReadIfChangedAsync(snapshot.ETag, Ct);

        Assert.Equal("2", changed?.Document.Find("iris")?.Version);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_writes_nothing()
    {
        await using var store = TestStore.Local();

        await store.Registry.DesiredState.UpdateAsync(d => d, Ct);

        Assert.Empty(store.FilesWritten());
    }
}
