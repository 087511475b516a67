using Hotswap.Contracts.Models;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Tests.Support;
using Hotswap.Registry.Versions;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Versions;

/// <summary>A download stops at the size its version records or at ModelStore:MaxVersionBytes, and keeps nothing.</summary>
public sealed class DownloadLimitTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task An_ONNX_file_grown_past_the_size_its_version_records_is_stopped_and_leaves_no_file(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var version = (await store.PublishAsync("iris", "1")).Version;
        await store.WriteAsync($"{store.Location.Prefix}iris/1/model.onnx", new byte[4 * 1024 * 1024]);
        var downloads = Directory.CreateDirectory(Path.Combine(store.Sandbox, "downloads")).FullName;

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(
            () => store.Registry.DownloadOnnxAsync(version, Path.Combine(downloads, "iris-1.onnx"), Ct));

        Assert.Equal(
            $"iris version 1: its ONNX file 'model.onnx' grew past {version.SizeBytes} bytes, the size its version records (model_size_bytes or the store's length), " +
            $"so it is not the file {version.Sha256} (sha256 from MLmodel) names; the download was stopped and nothing of it was kept.",
            error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(downloads));
    }

    [Fact]
    public async Task A_version_recording_more_than_ModelStore_MaxVersionBytes_is_refused_unread()
    {
        await using var store = TestStore.Local();
        var version = (await store.PublishAsync("iris", "1")).Version;
        var registry = new ModelRegistry(new VersionLocations(store.Location, store.Objects), store.Time, requireChecksum: false, maxVersionBytes: 100);
        var downloads = Directory.CreateDirectory(Path.Combine(store.Sandbox, "downloads")).FullName;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => registry.DownloadOnnxAsync(version, Path.Combine(downloads, "iris-1.onnx"), Ct));

        Assert.Equal($"iris version 1: its ONNX file 'model.onnx' is {version.SizeBytes} bytes, more than ModelStore:MaxVersionBytes (100); it was not downloaded.", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(downloads));
    }

    [Fact]
    public async Task A_version_recording_no_size_is_stopped_at_ModelStore_MaxVersionBytes()
    {
        await using var store = TestStore.Local();
        var version = (await store.PublishAsync("iris", "1")).Version with { SizeBytes = 0 };
        var registry = new ModelRegistry(new VersionLocations(store.Location, store.Objects), store.Time, requireChecksum: false, maxVersionBytes: 100);
        var downloads = Directory.CreateDirectory(Path.Combine(store.Sandbox, "downloads")).FullName;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => registry.DownloadOnnxAsync(version, Path.Combine(downloads, "iris-1.onnx"), Ct));

        Assert.Equal("iris version 1: its ONNX file 'model.onnx' grew past ModelStore:MaxVersionBytes (100 bytes); the download was stopped and nothing of it was kept.", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(downloads));
    }

    [Fact]
    public void A_digest_stream_refuses_the_write_that_would_pass_its_limit_before_writing_any_of_it()
    {
        using var inner = new MemoryStream();
        using var digest = new DigestStream(inner, IntegrityKind.Sha256, maxLength: 10, tooLong: () => new InvalidDataException("too long"));
        digest.Write(new byte[8]);

        var error = Assert.Throws<InvalidDataException>(() => digest.Write(new byte[8]));

        Assert.Equal("too long", error.Message);
        Assert.Equal(8, inner.Length);
    }

    [Fact]
    public void ModelStore_MaxVersionBytes_must_be_positive()
    {
        var result = new ModelStoreOptionsValidator().Validate(null, new ModelStoreOptions { Uri = "s3://models", MaxVersionBytes = 0 });

        Assert.Equal(["ModelStore:MaxVersionBytes must be positive (it is 0)."], result.Failures);
    }
}
