using System.Security.Cryptography;
using System.Text;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Storage;

/// <summary>What both stores, s3rver and a local directory, must do alike.</summary>
public sealed class ObjectStoreTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_5_MiB_random_object_comes_back_byte_exact(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var content = new byte[5 * 1024 * 1024];
        new Random(5).NextBytes(content);
        var key = store.Location.Prefix + "big.bin";
        await store.WriteAsync(key, content);

        using var downloaded = new MemoryStream();
        var count = await store.Objects.DownloadAsync(key, downloaded, Ct);

        // Equal lengths catch aws-chunked framing stored as part of the object; equal hashes catch everything else.
        Assert.Equal(content.Length, downloaded.Length);
        Assert.Equal(content.Length, count);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(downloaded.ToArray()));
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Reading_with_the_current_ETag_answers_NotModified(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var key = store.Location.Prefix + "model_list.json";
        await store.WriteTextAsync(key, """{"a": 1}""");
        var first = await store.Objects.ReadAsync(key, null, Ct);

        var second = await store.Objects.ReadAsync(key, first.ETag, Ct);

        Assert.Equal(ObjectReadStatus.NotModified, second.Status);
        Assert.Equal(first.ETag, second.ETag);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Reading_a_changed_object_with_the_old_ETag_answers_Found_with_the_new_content(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var key = store.Location.Prefix + "model_list.json";
        await store.WriteTextAsync(key, """{"a": 1}""");
        var first = await store.Objects.ReadAsync(key, null, Ct);
        await store.WriteTextAsync(key, """{"a": 2}""");

        var second = await store.Objects.ReadAsync(key, first.ETag, Ct);

        Assert.Equal(ObjectReadStatus.Found, second.Status);
        Assert.Equal("""{"a": 2}""", Encoding.UTF8.GetString(second.Content));
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Reading_a_missing_object_answers_NotFound(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);

        var read = await store.Objects.ReadAsync(store.Location.Prefix + "nothing.json", null, Ct);

        Assert.Equal(ObjectReadStatus.NotFound, read.Status);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Downloading_a_missing_object_raises_a_StoreException_naming_the_key(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var key = store.Location.Prefix + "iris/1/model.onnx";

        var error = await Assert.ThrowsAsync<StoreException>(() => store.Objects.DownloadAsync(key, Stream.Null, Ct));

        Assert.Contains(key, error.Message);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Listing_a_prefix_gives_only_the_objects_under_it_with_their_sizes(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        await store.WriteAsync(store.Location.Prefix + "iris/1/model.onnx", new byte[10]);
        await store.WriteAsync(store.Location.Prefix + "iris/2/model.onnx", new byte[20]);
        await store.WriteAsync(store.Location.Prefix + "iris2/1/model.onnx", new byte[30]);

        var entries = new List<ObjectEntry>();
        await foreach (var entry in store.Objects.ListAsync(store.Location.Prefix + "iris/", Ct))
        {
            entries.Add(entry);
        }

        Assert.Equal(
            [(store.Location.Prefix + "iris/1/model.onnx", 10L), (store.Location.Prefix + "iris/2/model.onnx", 20L)],
            entries.Select(e => (e.Key, e.Size)).Order());
    }
}
