using System.Text;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Tests.Support;

namespace Hotswap.Registry.Tests.Storage;

public sealed class FileSystemObjectStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_with_a_stale_ETag_is_refused_and_the_newer_content_stays()
    {
        await using var store = TestStore.Local();
        await store.WriteTextAsync("model_list.json", "first");
        var stale = (await store.Objects.ReadAsync("model_list.json", null, Ct)).ETag;
        await store.WriteTextAsync("model_list.json", "second");

        using var content = new MemoryStream("third"u8.ToArray());
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => store.Objects.WriteAsync("model_list.json", content, new WriteOptions { IfMatch = stale }, Ct));

        Assert.Equal("second", Encoding.UTF8.GetString((await store.ReadAsync("model_list.json"))!));
    }

    [Fact]
    public async Task A_write_with_the_current_ETag_succeeds_and_returns_the_new_ETag()
    {
        await using var store = TestStore.Local();
        await store.WriteTextAsync("model_list.json", "first");
        var current = (await store.Objects.ReadAsync("model_list.json", null, Ct)).ETag;

        using var content = new MemoryStream("second"u8.ToArray());
        var written = await store.Objects.WriteAsync("model_list.json", content, new WriteOptions { IfMatch = current }, Ct);

        Assert.Equal((await store.Objects.ReadAsync("model_list.json", null, Ct)).ETag, written);
    }

    [Fact]
    public async Task A_create_only_write_of_an_existing_object_is_refused()
    {
        await using var store = TestStore.Local();
        await store.WriteTextAsync("iris/1/MLmodel", "first");

        using var content = new MemoryStream("second"u8.ToArray());
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => store.Objects.WriteAsync("iris/1/MLmodel", content, new WriteOptions { IfNoneExist = true }, Ct));

        Assert.Equal("first", Encoding.UTF8.GetString((await store.ReadAsync("iris/1/MLmodel"))!));
    }

    [Fact]
    public async Task A_conditional_write_waiting_for_a_held_lock_gives_up_when_cancelled_and_changes_nothing()
    {
        await using var store = TestStore.Local();
        await store.WriteTextAsync("model_list.json", "first");
        var current = (await store.Objects.ReadAsync("model_list.json", null, Ct)).ETag;
        var lockFile = Path.Combine(store.Location.RootDirectory, "model_list.json.lock");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            using var content = new MemoryStream("second"u8.ToArray());
            var write = store.Objects.WriteAsync("model_list.json", content, new WriteOptions { IfMatch = current }, cancel.Token);
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        }

        Assert.Equal("first", Encoding.UTF8.GetString((await store.ReadAsync("model_list.json"))!));
    }

    [Theory]
    [InlineData("../outside.bin")]
    [InlineData("../store-sibling/outside.bin")]
    public async Task A_key_that_leaves_the_store_directory_is_refused_and_nothing_is_written(string key)
    {
        await using var store = TestStore.Local();

        await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync(key, [1, 2, 3]));

        Assert.Empty(Directory.EnumerateFiles(store.Sandbox, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Listing_hides_the_lock_and_temporary_files_of_writes()
    {
        await using var store = TestStore.Local();
        await store.WriteTextAsync("model_list.json", "{}");
        File.WriteAllText(Path.Combine(store.Location.RootDirectory, "model_list.json.lock"), "");
        File.WriteAllText(Path.Combine(store.Location.RootDirectory, "model_list.json.0123.tmp"), "");

        Assert.Equal(["model_list.json"], await store.KeysAsync());
    }
}
