using Hotswap.Registry.Commands;
using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.DesiredState;

/// <summary>Pin, unpin and rollback act fleet-wide through model_list.json.</summary>
public sealed class PinAndRollbackTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_publish_while_pinned_leaves_the_desired_version_and_says_it_was_held_by_the_pin(StoreKind kind)
    {
        await using var store = await PublishedAsync(kind, "1", "2", "3");
        await store.Registry.PinAsync("iris", "1", "ops", null, Ct);

        var result = await store.PublishAsync("iris", "4");

        Assert.False(result.DesiredStateAdvanced);
        Assert.Equal("1", result.HeldAt);
        var entry = await DesiredAsync(store);
        Assert.Equal("1", entry.Version);
        Assert.True(entry.Pinned);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Unpinning_follows_the_newest_version_again(StoreKind kind)
    {
        await using var store = await PublishedAsync(kind, "1", "2", "3");
        await store.Registry.PinAsync("iris", "1", "ops", null, Ct);
        await store.PublishAsync("iris", "4");

        var unpinned = await store.Registry.UnpinAsync("iris", "ops", null, Ct);

        Assert.Equal("4", unpinned.Version);
        Assert.False(unpinned.Pinned);
        Assert.Equal(unpinned, await DesiredAsync(store), EntryComparer);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Rolling_back_after_an_unpin_returns_to_the_version_served_before_and_pins_it(StoreKind kind)
    {
        await using var store = await PublishedAsync(kind, "1", "2", "3");
        await store.Registry.PinAsync("iris", "1", "ops", null, Ct);
        await store.PublishAsync("iris", "4");
        await store.Registry.UnpinAsync("iris", "ops", null, Ct);

        await store.Registry.RollbackAsync("iris", "ops", null, Ct);

        var entry = await DesiredAsync(store);
        Assert.Equal("1", entry.Version);
        Assert.True(entry.Pinned);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Rolling_back_goes_to_the_previous_version_and_pins_it(StoreKind kind)
    {
        await using var store = await PublishedAsync(kind, "1", "2", "3");

        var entry = await store.Registry.RollbackAsync("iris", "ops", "bad accuracy", Ct);

        Assert.Equal("2", entry.Version);
        Assert.True(entry.Pinned);
        Assert.Equal("models:/iris/2", entry.ModelRelativeUri);
        Assert.Equal(store.Location.UriOf($"{store.Location.Prefix}iris/2"), entry.Path);
        Assert.Equal(entry, await DesiredAsync(store), EntryComparer);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_second_rollback_goes_further_back_rather_than_to_the_version_rolled_away_from(StoreKind kind)
    {
        await using var store = await PublishedAsync(kind, "1", "2", "3");
        await store.Registry.RollbackAsync("iris", "ops", null, Ct);

        var entry = await store.Registry.RollbackAsync("iris", "ops", null, Ct);

        Assert.Equal("1", entry.Version);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Rolling_back_with_no_earlier_version_fails_clearly_and_changes_nothing(StoreKind kind)
    {
        await using var store = await PublishedAsync(kind, "1");
        var before = await store.ReadAsync(store.DesiredStateKey);

        var error = await Assert.ThrowsAsync<CommandRefusedException>(() => store.Registry.RollbackAsync("iris", "ops", null, Ct));

        Assert.Equal("iris has no earlier version to roll back to from version 1.", error.Message);
        Assert.Equal(before, await store.ReadAsync(store.DesiredStateKey));
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Rolling_back_a_model_not_in_the_desired_state_raises_VersionNotFoundException(StoreKind kind)
    {
        await using var store = await PublishedAsync(kind, "1");

        var error = await Assert.ThrowsAsync<VersionNotFoundException>(() => store.Registry.RollbackAsync("wine", "ops", null, Ct));

        Assert.StartsWith("wine is not in the desired state", error.Message);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Pinning_an_unknown_version_raises_VersionNotFoundException_naming_model_and_version_and_changes_nothing(StoreKind kind)
    {
        await using var store = await PublishedAsync(kind, "1", "2");
        var before = await store.ReadAsync(store.DesiredStateKey);

        var error = await Assert.ThrowsAsync<VersionNotFoundException>(() => store.Registry.PinAsync("iris", "9", "ops", null, Ct));

        Assert.StartsWith("iris has no version 9 in ", error.Message);
        Assert.Equal(before, await store.ReadAsync(store.DesiredStateKey));
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_pin_records_who_when_and_why(StoreKind kind)
    {
        await using var store = await PublishedAsync(kind, "1", "2");
        store.Time.Advance(TimeSpan.FromHours(1));

        await store.Registry.PinAsync("iris", "1", "alice", "incident 42", Ct);

        var entry = await DesiredAsync(store);
        Assert.Equal("alice", entry.UpdatedBy);
        Assert.Equal(TestStore.Start.AddHours(1), entry.UpdatedAt);
        Assert.Equal("incident 42", entry.Reason);
    }

    /// <summary>ModelEntry holds arrays and a dictionary, so records compare by their JSON.</summary>
    private static IEqualityComparer<Hotswap.Registry.DesiredState.ModelEntry> EntryComparer { get; } =
        EqualityComparer<Hotswap.Registry.DesiredState.ModelEntry>.Create(
            (a, b) => System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b),
            e => System.Text.Json.JsonSerializer.Serialize(e).GetHashCode(StringComparison.Ordinal));

    private async Task<TestStore> PublishedAsync(StoreKind kind, params string[] versions)
    {
        var store = TestStore.Open(kind, s3);
        foreach (var version in versions)
        {
            await store.PublishAsync("iris", version);
        }

        return store;
    }

    private static async Task<Hotswap.Registry.DesiredState.ModelEntry> DesiredAsync(TestStore store) =>
        (await store.Registry.DesiredState.ReadAsync(Ct)).Document.Find("iris")!;
}
