using System.Collections.Concurrent;
using Hotswap.Contracts.Models;
using Hotswap.Registry;
using Hotswap.Registry.Versions;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Versions on local disk, one file per model, version and integrity. A cached file this process has not verified yet
/// is checked before use, so a corrupted cache is downloaded afresh rather than loaded; a rollback to a cached version
/// needs no download. Once verified, a file is trusted while its size and modification time are unchanged: hashing
/// a large model on every swap back to it would take a core from the requests being served meanwhile.
/// </summary>
public sealed class ModelCache(ModelRegistry registry, IOptions<SwapOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _fileGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VerifiedFile> _verified = new(StringComparer.Ordinal);

    private sealed record VerifiedFile(long Length, DateTime LastWriteUtc, VersionIntegrity Integrity);

    /// <summary>The path of the verified ONNX file, downloaded unless the cache already held it intact.</summary>
    public async Task<string> GetAsync(ModelVersionInfo version, CancellationToken cancellationToken)
    {
        var integrity = version.Integrity
            ?? throw new InvalidDataException($"{version.Model} version {version.Version} cannot be verified: {version.Error ?? "nothing says what its ONNX file should be"}.");
        var directory = Path.Combine(options.Value.CacheDirectory, version.Model);
        Directory.CreateDirectory(directory);
        // The name holds no text from the store but the (validated) version: a SHA-256, or a hash of what is expected.
        var path = Path.Combine(directory, $"{version.Version}-{VersionIntegrities.FileTag(integrity)}.onnx");

        // A swap and an operator's trial can want one version at once: the second waits, then finds it cached,
        // instead of failing on the first one's partial file.
        var gate = _fileGates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (IsVerified(path, integrity))
            {
                return path;
            }

            if (File.Exists(path) && string.Equals(await DigestStream.OfFileAsync(path, integrity.Kind, cancellationToken), integrity.Expected, StringComparison.OrdinalIgnoreCase))
            {
                Remember(path, integrity);
                return path;
            }

            _verified.TryRemove(path, out _);
            await registry.DownloadOnnxAsync(version, path, cancellationToken);
            Remember(path, integrity);
            return path;
        }
        finally
        {
            gate.Release();
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
