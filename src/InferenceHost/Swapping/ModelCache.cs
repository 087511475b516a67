using System.Collections.Concurrent;
using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving;
using Hotswap.Registry;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Versions;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Versions on local disk, one file per model, version and integrity. A cached file this process has not verified yet
/// is checked before use, so a corrupted cache is downloaded afresh rather than loaded; a rollback to a cached version
/// needs no download. Once verified, a file is trusted while its size and modification time are unchanged: hashing
/// a large model on every swap back to it would take a core from the requests being served meanwhile. A download has
/// Swap:DownloadTimeout to finish; <see cref="CacheRetention"/> keeps the directory under Swap:CacheMaxBytes.
/// </summary>
public sealed class ModelCache(ModelRegistry registry, CacheRetention retention, IOptions<SwapOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fileGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VerifiedFile> _verified = new(StringComparer.Ordinal);

    private sealed record VerifiedFile(long Length, DateTime LastWriteUtc, VersionIntegrity Integrity);

    /// <summary>The path of the verified ONNX file, downloaded unless the cache already held it intact.</summary>
    public async Task<string> GetAsync(ModelVersionInfo version, CancellationToken cancellationToken)
    {
        var integrity = version.Integrity
            ?? throw new InvalidDataException($"{version.Model} version {version.Version} cannot be verified: {version.Error ?? "nothing says what its ONNX file should be"}.");
        var directory = Path.GetFullPath(Path.Combine(options.Value.CacheDirectory, version.Model));
        Directory.CreateDirectory(directory);
        // The name holds no text from the store but the (validated) version: a SHA-256, or a hash of what is expected.
        var path = Path.Combine(directory, $"{version.Version}-{VersionIntegrities.FileTag(integrity)}.onnx");

        // A swap and an operator's trial can want one version at once: the second waits, then finds it cached,
        // instead of failing on the first one's partial file.
        using var fetching = retention.Keep(path);
        var gate = _fileGates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var added = false;
            if (!IsVerified(path, integrity))
            {
                if (!File.Exists(path) || !string.Equals(await DigestStream.OfFileAsync(path, integrity.Kind, cancellationToken), integrity.Expected, StringComparison.OrdinalIgnoreCase))
                {
                    _verified.TryRemove(path, out _);
                    await DownloadAsync(version, path, cancellationToken);
                    added = true;
                }

                Remember(path, integrity);
            }

            retention.HandedOut(version.Model, path);
            if (added)
            {
                retention.Prune();
            }

            return path;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Keeps the file a loaded version came from for as long as the version lives (it may be loaded again from it).</summary>
    public void KeepWhileLoaded(ServedModel model, string path) => retention.KeepWhileLoaded(model.Version.Model, path, model.Released);

    /// <summary>Downloads within Swap:DownloadTimeout, however slowly the store keeps sending.</summary>
    private async Task DownloadAsync(ModelVersionInfo version, string path, CancellationToken cancellationToken)
    {
        var timeout = options.Value.DownloadTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await registry.DownloadOnnxAsync(version, path, linked.Token);
        }
        catch (Exception e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreException($"{version.Model} version {version.Version}: its download did not finish within Swap:DownloadTimeout ({timeout}); it was abandoned and nothing of it was kept.", e);
        }
    }

    private bool IsVerified(string path, VersionIntegrity integrity) =>
        _verified.TryGetValue(path, out var known) && known.Integrity == integrity && new FileInfo(path) is { Exists: true } file
        && file.Length == known.Length && file.LastWriteTimeUtc == known.LastWriteUtc;

    private void Remember(string path, VersionIntegrity integrity)
    {
        var file = new FileInfo(path);
        _verified[path] = new VerifiedFile(file.Length, file.LastWriteTimeUtc, integrity);
    }
}
