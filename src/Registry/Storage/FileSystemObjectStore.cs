using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Hotswap.Registry.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> over a local directory, the embedded default. ETags are content hashes;
/// writes go to a temporary file and are renamed into place, and conditional writes are checked under a lock file,
/// so concurrent writers on one machine never lose an update.
/// </summary>
public sealed class FileSystemObjectStore(string rootDirectory) : IObjectStore
{
    private static readonly TimeSpan MaxLockBackoff = TimeSpan.FromMilliseconds(50);

    public string Description => rootDirectory;

    public async Task<ObjectRead> ReadAsync(string key, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        byte[] content;
        try
        {
            var length = new FileInfo(path).Length;
            content = length > IObjectStore.MaxReadBytes
                ? throw IObjectStore.TooLargeToRead(Description, key, length)
                : await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ObjectRead.NotFound;
        }

        var eTag = ETagOf(content);
        return eTag == ifNoneMatch ? ObjectRead.NotModified(eTag) : new ObjectRead(ObjectReadStatus.Found, content, eTag);
    }

    public async Task<long> DownloadAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            await using var source = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await source.CopyToAsync(destination, cancellationToken);
            return source.Length;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StoreException($"{rootDirectory}/{key} does not exist.", e);
        }
    }

    /// <summary>A directory keeps no digest of its files: only the length is vouched for.</summary>
    public Task<ObjectFacts?> StatAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(new FileInfo(PathOf(key)) is { Exists: true } file ? new ObjectFacts(file.Length) : null);

    public async Task<string> WriteAsync(string key, Stream content, WriteOptions options, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await CopyWithProgressAsync(content, file, options.Progress, cancellationToken);
        }

        try
        {
            var conditional = options.IfMatch is not null || options.IfNoneExist;
            using var writeLock = conditional ? await AcquireLockAsync(path, cancellationToken) : null;
            if (options.IfNoneExist && File.Exists(path))
            {
                throw new ConcurrentUpdateException($"{rootDirectory}/{key} already exists.");
            }

            if (options.IfMatch is not null && (!File.Exists(path) || ETagOf(await File.ReadAllBytesAsync(path, cancellationToken)) != options.IfMatch))
            {
                throw new ConcurrentUpdateException($"{rootDirectory}/{key} was changed by another writer.");
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return ETagOf(await File.ReadAllBytesAsync(path, cancellationToken));
    }

    public async IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (!Directory.Exists(rootDirectory))
        {
            yield break;
        }

        var files = Directory.EnumerateFiles(rootDirectory, "*", SearchOption.AllDirectories)
            .Select(f => (File: f, Key: Path.GetRelativePath(rootDirectory, f).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && !f.Key.EndsWith(".tmp", StringComparison.Ordinal) && !f.Key.EndsWith(".lock", StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal);
        foreach (var (file, key) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(file);
            yield return new ObjectEntry(key, info.Length, info.LastWriteTimeUtc);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory)) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            throw new StoreException($"The key '{key}' leaves the store directory {rootDirectory}.");
        }

        return path;
    }

    private static string ETagOf(byte[] content) => $"\"{Convert.ToHexStringLower(SHA256.HashData(content))}\"";

    private static async Task CopyWithProgressAsync(Stream source, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
            progress?.Report(total);
        }
    }

    /// <summary>
    /// An exclusive lock (flock, through <see cref="FileShare.None"/>) on a lock file beside the object, which other
    /// processes on this machine wait for. The file is never deleted: deleting it while locked would let the next
    /// writer create and lock a new file while a writer that opened the old one still holds the lock.
    /// </summary>
    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            try
            {
                return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException)
            {
                await Task.Delay(backoff * (1 + Random.Shared.NextDouble()), cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxLockBackoff.Ticks));
            }
        }
    }
}
