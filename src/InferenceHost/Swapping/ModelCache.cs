using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hotswap.Contracts.Models;
using Hotswap.Registry;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Versions on local disk, one file per model, version and SHA-256. A cached file this process has not verified yet
/// is hashed before use, so a corrupted cache is downloaded afresh rather than loaded; a rollback to a cached version
/// needs no download. Once verified, a file is trusted while its size and modification time are unchanged: hashing
/// a large model on every swap back to it would take a core from the requests being served meanwhile.
/// </summary>
public sealed class ModelCache(ModelRegistry registry, IOptions<SwapOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fileGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VerifiedFile> _verified = new(StringComparer.Ordinal);

    private sealed record VerifiedFile(long Length, DateTime LastWriteUtc, string Sha256);

    /// <summary>The path of the verified ONNX file, downloaded unless the cache already held it intact.</summary>
    public async Task<string> GetAsync(ModelVersionInfo version, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.Value.CacheDirectory, version.Model);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{version.Version}-{version.Sha256[..16]}.onnx");

        // A swap and an operator's trial can want one version at once: the second waits, then finds it cached,
        // instead of failing on the first one's partial file.
        var gate = _fileGates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (IsVerified(path, version.Sha256))
            {
                return path;
            }

            if (File.Exists(path) && await HashAsync(path, cancellationToken) == version.Sha256)
            {
                Remember(path, version.Sha256);
                return path;
            }

            _verified.TryRemove(path, out _);
            await registry.DownloadOnnxAsync(version, path, cancellationToken);
            Remember(path, version.Sha256);
            return path;
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsVerified(string path, string sha256) =>
        _verified.TryGetValue(path, out var known) && known.Sha256 == sha256 && new FileInfo(path) is { Exists: true } file
        && file.Length == known.Length && file.LastWriteTimeUtc == known.LastWriteUtc;

    private void Remember(string path, string sha256)
    {
        var file = new FileInfo(path);
        _verified[path] = new VerifiedFile(file.Length, file.LastWriteTimeUtc, sha256);
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
