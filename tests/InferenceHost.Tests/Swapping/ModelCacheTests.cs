using System.Security.Cryptography;
using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>The cache of downloaded versions, over a local-directory store.</summary>
public sealed class ModelCacheTests : IDisposable
{
    private readonly DirectoryInfo _store = Directory.CreateTempSubdirectory("hotswap-cache-store-");
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("hotswap-cache-");
    private readonly ModelRegistry _registry;

    public ModelCacheTests() => _registry = ModelRegistry.Create(new ModelStoreOptions { Uri = _store.FullName }, TimeProvider.System);

    [Fact]
    public async Task A_version_is_downloaded_once_and_served_from_disk_afterwards_without_the_store()
    {
        var version = await PublishAsync();
        var cache = NewCache();
        var first = await cache.GetAsync(version, Ct);
        File.Delete(StoredOnnx(version));

        var second = await cache.GetAsync(version, Ct);

        Assert.Equal(first, second);
        Assert.Equal(version.Sha256, Sha256(second));
    }

    [Fact]
    public async Task A_cached_file_changed_on_disk_after_it_was_verified_is_downloaded_afresh()
    {
        var version = await PublishAsync();
        var cache = NewCache();
        var path = await cache.GetAsync(version, Ct);
        await File.WriteAllBytesAsync(path, [1, 2, 3], Ct);

        await cache.GetAsync(version, Ct);

        Assert.Equal(version.Sha256, Sha256(path));
    }

    [Fact]
    public async Task A_cached_file_this_process_has_not_verified_is_hashed_and_replaced_when_corrupt()
    {
        var version = await PublishAsync();
        var path = await NewCache().GetAsync(version, Ct);
        var corrupt = await File.ReadAllBytesAsync(path, Ct);
        corrupt[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, corrupt, Ct);

        // A new cache is what a restarted host has: the same directory, nothing verified yet.
        await NewCache().GetAsync(version, Ct);

        Assert.Equal(version.Sha256, Sha256(path));
    }

    public void Dispose()
    {
        _store.Delete(recursive: true);
        _cache.Delete(recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ModelCache NewCache()
    {
        var options = Options.Create(new SwapOptions { CacheDirectory = _cache.FullName });
        return new(_registry, new CacheRetention(options, TimeProvider.System, NullLogger<CacheRetention>.Instance), options, TimeProvider.System);
    }

    private Task<ModelVersionInfo> PublishAsync() => LocalVersions.PublishAsync(_registry, _cache.FullName, 1f);

    private string StoredOnnx(ModelVersionInfo version) => Path.Combine(_store.FullName, version.Model, version.Version, version.OnnxFile);

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
