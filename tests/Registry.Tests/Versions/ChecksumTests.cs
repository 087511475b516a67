using Hotswap.Registry.Tests.Support;
using Hotswap.Registry.Versions;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Versions;

/// <summary>Every download is checked against the SHA-256 the version recorded when it was published.</summary>
public sealed class ChecksumTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Downloading_an_intact_version_gives_the_published_bytes(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var onnx = TestModels.LinearOnnx(1f);
        var version = (await store.Registry.PublishAsync(TestModels.Request(store, "iris", "1", onnx), Ct)).Version;
        var destination = Path.Combine(store.Sandbox, "downloads", "iris-1.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);

        await store.Registry.DownloadOnnxAsync(version, destination, Ct);

        Assert.Equal(onnx, await File.ReadAllBytesAsync(destination, Ct));
        Assert.Equal(["iris-1.onnx"], Directory.GetFiles(Path.GetDirectoryName(destination)!).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task A_tampered_ONNX_file_raises_ChecksumMismatchException_and_leaves_no_file(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var version = (await store.PublishAsync("iris", "1")).Version;
        await store.WriteAsync($"{store.Location.Prefix}iris/1/model.onnx", TestModels.LinearOnnx(666f));
        var downloads = Directory.CreateDirectory(Path.Combine(store.Sandbox, "downloads")).FullName;

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(
            () => store.Registry.DownloadOnnxAsync(version, Path.Combine(downloads, "iris-1.onnx"), Ct));

        Assert.Equal(("iris", "1"), (error.Model, error.Version));
        Assert.Contains(version.Sha256!, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(downloads));
    }
}
