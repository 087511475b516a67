using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Versions;

/// <summary>An entry for any version, for hosts that load a version the desired state does not name.</summary>
public sealed class VersionEntryTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task The_entry_of_an_older_version_points_at_it_as_a_pin_would_and_leaves_the_desired_state_alone(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var older = (await store.PublishAsync("iris", "1")).Version;
        await store.PublishAsync("iris", "2");
        var before = await store.ReadAsync(store.DesiredStateKey);

        var entry = await store.Registry.GetEntryAsync("iris", "1", Ct);

        Assert.NotNull(entry);
        Assert.Equal(("1", "models:/iris/1", older.Sha256), (entry.Version, entry.ModelRelativeUri, entry.Sha256));
        Assert.Equal(store.Location.UriOf($"{store.Location.Prefix}iris/1"), entry.Path);
        Assert.Equal(older.Sha256, (await store.Registry.GetVersionAsync("iris", entry, Ct))?.Sha256);
        Assert.Equal(before, await store.ReadAsync(store.DesiredStateKey));
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_version_not_in_the_store_has_no_entry(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");

        Assert.Null(await store.Registry.GetEntryAsync("iris", "9", Ct));
    }

    [Fact]
    public async Task An_invalid_version_is_refused_naming_model_and_version()
    {
        await using var store = TestStore.Local();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Registry.GetEntryAsync("iris", "../2", Ct));

        Assert.StartsWith("'../2' is not a valid version of iris", error.Message);
    }
}
