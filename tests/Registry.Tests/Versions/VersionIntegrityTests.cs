using Hotswap.Contracts.Models;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Tests.Support;
using Hotswap.Registry.Versions;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Versions;

/// <summary>
/// A version is verified by the first of: the sha256 of its model_list.json entry, metadata.sha256 in its MLmodel, the
/// store's checksum of the ONNX object (x-amz-checksum-sha256, else an MD5 ETag), and its size; the download checks it.
/// </summary>
public sealed class VersionIntegrityTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task The_sha256_of_the_model_list_entry_comes_first(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var onnx = await store.WriteMlflowFolderAsync("iris", "2");

        var version = await store.Registry.GetVersionAsync("iris", new ModelEntry { Version = "2", Sha256 = TestModels.Sha256(onnx).ToUpperInvariant() }, Ct);

        Assert.Equal((IntegrityKind.Sha256, TestModels.Sha256(onnx), "sha256 from model_list.json"), Parts(version));
        Assert.Equal(TestModels.Sha256(onnx), version!.Sha256);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task The_sha256_in_the_MLmodel_comes_next(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var published = (await store.PublishAsync("iris", "1")).Version;

        var version = await store.Registry.GetVersionAsync("iris", new ModelEntry { Version = "1" }, Ct);

        Assert.Equal((IntegrityKind.Sha256, published.Sha256!, "sha256 from MLmodel"), Parts(version));
    }

    [Fact]
    public async Task An_MLflow_folder_on_s3_is_verified_by_its_md5_etag()
    {
        await using var store = TestStore.S3(s3.Server);
        var onnx = await store.WriteMlflowFolderAsync("iris", "2");

        var version = await store.Registry.GetVersionAsync("iris", "2", Ct);

        Assert.Equal((IntegrityKind.Md5, Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(onnx)), "S3 ETag (md5)"), Parts(version));
        Assert.Null(version!.Sha256);
    }

    [Fact]
    public async Task An_S3_sha256_checksum_comes_before_the_etag()
    {
        await using var store = TestStore.S3(s3.Server);
        var onnx = await store.WriteMlflowFolderAsync("iris", "2");
        var registry = new ModelRegistry(ChecksumHeaderStore.Create(s3.Server, onnx), store.Location, store.Time);

        var version = await registry.GetVersionAsync("iris", "2", Ct);

        Assert.Equal((IntegrityKind.Sha256, TestModels.Sha256(onnx), "S3 checksum (sha256)"), Parts(version));
    }

    [Fact]
    public async Task A_composite_S3_checksum_of_a_multipart_upload_is_not_taken_for_the_object_sha256()
    {
        await using var store = TestStore.S3(s3.Server);
        await store.WriteMlflowFolderAsync("iris", "2");
        var registry = new ModelRegistry(ChecksumHeaderStore.Create(s3.Server, [1, 2, 3], "COMPOSITE"), store.Location, store.Time);

        var version = await registry.GetVersionAsync("iris", "2", Ct);

        Assert.Equal("S3 ETag (md5)", version?.Verification);
    }

    [Fact]
    public async Task An_MLflow_folder_in_a_local_store_is_vouched_for_by_its_size_only()
    {
        await using var store = TestStore.Local();
        var onnx = await store.WriteMlflowFolderAsync("iris", "2");

        var version = await store.Registry.GetVersionAsync("iris", "2", Ct);

        Assert.Equal((IntegrityKind.Size, onnx.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), "size only"), Parts(version));
        Assert.Equal(onnx.Length, version!.SizeBytes);
    }

    [Theory]
    [InlineData(StoreKind.Local, "sha256 from model_list.json")]
    [InlineData(StoreKind.S3, "sha256 from model_list.json")]
    [InlineData(StoreKind.Local, "sha256 from MLmodel")]
    [InlineData(StoreKind.S3, "S3 ETag (md5)")]
    [InlineData(StoreKind.S3, "S3 checksum (sha256)")]
    [InlineData(StoreKind.Local, "size only")]
    public async Task A_corrupted_ONNX_object_fails_the_check_and_leaves_no_file(StoreKind kind, string verification)
    {
        await using var store = TestStore.Open(kind, s3);
        var onnx = TestModels.LinearOnnx(2f);
        if (verification == "sha256 from MLmodel")
        {
            await store.PublishAsync("iris", "2");
        }
        else
        {
            await store.WriteMlflowFolderAsync("iris", "2");
        }

        var registry = verification == "S3 checksum (sha256)" ? new ModelRegistry(ChecksumHeaderStore.Create(s3.Server, onnx), store.Location, store.Time) : store.Registry;
        var entry = new ModelEntry { Version = "2", Sha256 = verification == "sha256 from model_list.json" ? TestModels.Sha256(onnx) : null };
        var version = await registry.GetVersionAsync("iris", entry, Ct);
        Assert.Equal(verification, version?.Verification);
        await store.WriteAsync($"{store.Location.Prefix}iris/2/model.onnx", [.. TestModels.LinearOnnx(666f), 0]);
        var downloads = Directory.CreateDirectory(Path.Combine(store.Sandbox, "downloads")).FullName;

        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => registry.DownloadOnnxAsync(version!, Path.Combine(downloads, "iris-2.onnx"), Ct));

        Assert.Equal(("iris", "2"), (error.Model, error.Version));
        Assert.Contains(version!.Integrity!.Expected, error.Message);
        Assert.Contains(verification, error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(downloads));
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task An_intact_MLflow_folder_downloads_byte_for_byte(StoreKind kind)
    {
        await using var store = TestStore.Open(kind, s3);
        var onnx = await store.WriteMlflowFolderAsync("iris", "2");
        var destination = Path.Combine(store.Sandbox, "iris-2.onnx");

        await store.Registry.DownloadOnnxAsync((await store.Registry.GetVersionAsync("iris", "2", Ct))!, destination, Ct);

        Assert.Equal(onnx, await File.ReadAllBytesAsync(destination, Ct));
    }

    [Fact]
    public async Task RequireChecksum_refuses_a_version_that_only_its_size_vouches_for_and_says_how_to_fix_it()
    {
        await using var store = TestStore.Local();
        await store.WriteMlflowFolderAsync("iris", "2");
        var registry = new ModelRegistry(new VersionLocations(store.Location, store.Objects), store.Time, requireChecksum: true);
        var version = (await registry.GetVersionAsync("iris", "2", Ct))!;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => registry.DownloadOnnxAsync(version, Path.Combine(store.Sandbox, "iris-2.onnx"), Ct));

        Assert.Contains("iris version 2: only its size vouches for its ONNX file (size only), and ModelStore:RequireChecksum is true", error.Message);
        Assert.Contains("metadata.sha256", error.Message);
        Assert.False(File.Exists(Path.Combine(store.Sandbox, "iris-2.onnx")));
    }

    [Fact]
    public async Task RequireChecksum_accepts_a_version_an_etag_vouches_for()
    {
        await using var store = TestStore.S3(s3.Server);
        var onnx = await store.WriteMlflowFolderAsync("iris", "2");
        var registry = new ModelRegistry(new VersionLocations(store.Location, store.Objects), store.Time, requireChecksum: true);
        var destination = Path.Combine(store.Sandbox, "iris-2.onnx");

        await registry.DownloadOnnxAsync((await registry.GetVersionAsync("iris", "2", Ct))!, destination, Ct);

        Assert.Equal(onnx, await File.ReadAllBytesAsync(destination, Ct));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("abc123")]
    public async Task An_entry_sha256_that_is_not_64_hex_digits_is_refused_with_what_it_is(string sha256)
    {
        await using var store = TestStore.Local();
        await store.WriteMlflowFolderAsync("iris", "2");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.Registry.GetVersionAsync("iris", new ModelEntry { Version = "2", Sha256 = sha256 }, Ct));

        Assert.Equal($"iris version 2: its model_list.json entry's \"sha256\" is not a SHA-256 (64 hex digits): '{sha256}'.", error.Message);
    }

    [Fact]
    public async Task An_entry_sha256_that_contradicts_the_MLmodel_is_refused()
    {
        await using var store = TestStore.Local();
        var published = (await store.PublishAsync("iris", "1")).Version;
        var other = new string('b', 64);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.Registry.GetVersionAsync("iris", new ModelEntry { Version = "1", Sha256 = other }, Ct));

        Assert.Equal($"iris version 1: model_list.json expects SHA-256 {other}, but its MLmodel records {published.Sha256}.", error.Message);
    }

    private static (IntegrityKind, string, string) Parts(ModelVersionInfo? version)
    {
        Assert.NotNull(version?.Integrity);
        Assert.Null(version.Error);
        return (version.Integrity.Kind, version.Integrity.Expected, version.Verification);
    }
}
