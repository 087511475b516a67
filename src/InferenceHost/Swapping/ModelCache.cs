using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hotswap.Contracts.Models;
using Hotswap.Registry;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Versions on local disk, one file per model, version and SHA-256. A cached file is hashed again before use, so a
/// corrupted cache is downloaded afresh rather than loaded; a rollback to a cached version needs no download.
/// </summary>
public sealed class ModelCache(ModelRegistry registry, IOptions<SwapOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fileGates = new(StringComparer.Ordinal);

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
            if (File.Exists(path) && await HashAsync(path, cancellationToken) == version.Sha256)
            {
                return path;
            }

            await registry.DownloadOnnxAsync(version, path, cancellationToken);
            return path;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
