using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>The cache directory kept under Swap:CacheMaxBytes, least recently used first, never a file in use; over a local-directory store.</summary>
public sealed class CacheRetentionTests : IDisposable
{
    private readonly DirectoryInfo _store = Directory.CreateTempSubdirectory("hotswap-retention-store-");
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("hotswap-retention-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly ModelRegistry _registry;

    public CacheRetentionTests() => _registry = ModelRegistry.Create(new ModelStoreOptions { Uri = _store.FullName }, TimeProvider.System);

    [Fact]
    public async Task Least_recently_used_files_go_once_a_download_takes_the_cache_over_Swap_CacheMaxBytes()
    {
        var versions = await PublishAsync(3);
        var (cache, _) = NewCache(maxBytes: (versions[0].SizeBytes * 5) / 2);

        var paths = await GetEachAsync(cache, versions);

        Assert.Equal([false, true, true], paths.Select(File.Exists));
    }

    [Fact]
    public async Task A_file_a_loaded_version_came_from_is_never_pruned_however_old()
    {
        var versions = await PublishAsync(3);
        var (cache, retention) = NewCache(maxBytes: 1);
        var loaded = new TaskCompletionSource();

        var first = await cache.GetAsync(versions[0], Ct);
        retention.KeepWhileLoaded("m", first, loaded.Task);
        var later = await GetEachAsync(cache, versions[1..]);

        Assert.True(File.Exists(first));
        Assert.Equal([false, true], later.Select(File.Exists));
    }

    [Fact]
    public async Task The_two_files_last_released_stay_for_a_swap_that_may_load_them_again()
    {
        var versions = await PublishAsync(5);
        var (cache, retention) = NewCache(maxBytes: 1);

        var released = new List<string>();
        foreach (var version in versions[..3])
        {
            var path = await cache.GetAsync(version, Ct);
            retention.KeepWhileLoaded("m", path, Task.CompletedTask);
            released.Add(path);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var later = await GetEachAsync(cache, versions[3..]);

        Assert.Equal([false, true, true], released.Select(File.Exists));
        Assert.Equal([false, true], later.Select(File.Exists));
    }

    [Fact]
    public async Task Start_up_deletes_partial_downloads_and_least_recently_used_files_and_nothing_outside_model_folders()
    {
        var model = Directory.CreateDirectory(Path.Combine(_cache.FullName, "m")).FullName;
        var older = await WriteAsync(Path.Combine(model, "1-aaaa.onnx"), _time.GetUtcNow().AddHours(-2));
        var newer = await WriteAsync(Path.Combine(model, "2-bbbb.onnx"), _time.GetUtcNow().AddHours(-1));
        var partial = await WriteAsync(Path.Combine(model, "3-cccc.onnx.partial"), _time.GetUtcNow());
        var outside = await WriteAsync(Path.Combine(_cache.FullName, "notes.onnx"), _time.GetUtcNow().AddDays(-9));
        var (_, retention) = NewCache(maxBytes: 1000);

        await retention.StartAsync(Ct);

        Assert.Equal([false, true, false, true], new[] { older, newer, partial, outside }.Select(File.Exists));
    }

    [Fact]
    public void Swap_CacheMaxBytes_and_Swap_DownloadTimeout_must_be_positive()
    {
        var result = new SwapOptionsValidator().Validate(null, new SwapOptions { CacheMaxBytes = 0, DownloadTimeout = TimeSpan.Zero });

        Assert.Equal(["Swap:CacheMaxBytes must be positive (it is 0).", "Swap:DownloadTimeout must be positive (it is 00:00:00)."], result.Failures);
    }

    public void Dispose()
    {
        _store.Delete(recursive: true);
        _cache.Delete(recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private (ModelCache Cache, CacheRetention Retention) NewCache(long maxBytes)
    {
        var options = Options.Create(new SwapOptions { CacheDirectory = _cache.FullName, CacheMaxBytes = maxBytes });
        var retention = new CacheRetention(options, _time, NullLogger<CacheRetention>.Instance);
        return (new ModelCache(_registry, retention, options, _time), retention);
    }

    /// <summary>Gets each version in turn, a minute apart, as separate swaps would.</summary>
    private async Task<List<string>> GetEachAsync(ModelCache cache, IEnumerable<ModelVersionInfo> versions)
    {
        var paths = new List<string>();
        foreach (var version in versions)
        {
            paths.Add(await cache.GetAsync(version, Ct));
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        return paths;
    }

    private async Task<ModelVersionInfo[]> PublishAsync(int count)
    {
        var versions = new List<ModelVersionInfo>();
        for (var i = 1; i <= count; i++)
        {
            versions.Add(await LocalVersions.PublishAsync(_registry, _store.Parent!.FullName, i));
        }

        return [.. versions];
    }

    private static async Task<string> WriteAsync(string path, DateTimeOffset lastUsed)
    {
        await File.WriteAllBytesAsync(path, new byte[600], Ct);
        File.SetLastAccessTimeUtc(path, lastUsed.UtcDateTime);
        return path;
    }
}
