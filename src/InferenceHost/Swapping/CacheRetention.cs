using Hotswap.InferenceHost.Configuration;
using Hotswap.Registry;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Keeps <see cref="SwapOptions.CacheDirectory"/> under <see cref="SwapOptions.CacheMaxBytes"/>: after each download
/// and each release of a loaded version, and at start-up (when a killed process's partial downloads go too), the least recently used files are deleted until
/// the cache fits. A file in use is never deleted: one a loaded version came from (served, warm previous, candidate,
/// trial), one being fetched or verified, and per model the one last handed out (until its version is loaded) and the
/// two last released (the version a resource-preserving swap released and may restore, and the one before it). The
/// cache may stay over the cap when what is in use is larger; that is logged. One cache directory per host process:
/// another process's files in use are not known here.
/// </summary>
public sealed class CacheRetention(IOptions<SwapOptions> options, TimeProvider time, ILogger<CacheRetention> logger) : IHostedService
{
    private const string Partial = ".partial";
    private const int ReleasedKept = 2;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _inUse = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _released = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _handedOut = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="path"/> until the returned handle is disposed (a fetch or a verification under way).</summary>
    public IDisposable Keep(string path)
    {
        lock (_lock)
        {
            _inUse[path] = _inUse.GetValueOrDefault(path) + 1;
        }

        return new Kept(this, path);
    }

    /// <summary>Keeps <paramref name="path"/> while a version loaded from it lives, then among <paramref name="model"/>'s recently released files.</summary>
    public void KeepWhileLoaded(string model, string path, Task released)
    {
        var kept = Keep(path);
        _ = released.ContinueWith(
            _ =>
            {
                lock (_lock)
                {
                    var recent = _released.TryGetValue(model, out var list) ? list : _released[model] = [];
                    recent.Remove(path);
                    recent.Insert(0, path);
                    recent.RemoveRange(Math.Min(recent.Count, ReleasedKept), Math.Max(0, recent.Count - ReleasedKept));
                }

                kept.Dispose();

                // A released file may now be one too many; the release may come from a request's last lease, so the
                // directory is walked elsewhere.
                _ = Task.Run(Prune);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// Marks <paramref name="path"/> as just used (pruning goes by when a file was last handed out, kept in its access
    /// time so it outlives the process) and keeps it as <paramref name="model"/>'s last handed out.
    /// </summary>
    public void HandedOut(string model, string path)
    {
        File.SetLastAccessTimeUtc(path, time.GetUtcNow().UtcDateTime);
        lock (_lock)
        {
            _handedOut[model] = path;
        }
    }

    /// <summary>Deletes least recently used files that are not in use until the cache is under its cap.</summary>
    public void Prune()
    {
        var max = options.Value.CacheMaxBytes;
        lock (_lock)
        {
            var files = Files("*.onnx").OrderBy(f => f.LastAccessTimeUtc).ToList();
            var total = files.Sum(f => f.Length);
            foreach (var file in files.Where(f => !IsInUse(f.FullName)))
            {
                if (total <= max)
                {
                    break;
                }

                var length = file.Length;
                if (TryDelete(file))
                {
                    total -= length;
                    CacheLog.Pruned(logger, file.FullName, length, total, max);
                }
            }

            if (total > max)
            {
                CacheLog.OverCap(logger, total, max);
            }
        }
    }

    /// <summary>At start-up: deletes the partial downloads a killed process left, then prunes what it left to the cap.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // A partial download of this process (its file is kept while it is fetched) is left alone.
            foreach (var partial in Files("*" + Partial).Where(p => !IsInUse(p.FullName[..^Partial.Length])))
            {
                var length = partial.Length;
                if (TryDelete(partial))
                {
                    CacheLog.PartialDeleted(logger, partial.FullName, length);
                }
            }
        }

        Prune();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The cache's files matching <paramref name="pattern"/>: only in its model folders, never in the directory itself.</summary>
    private IEnumerable<FileInfo> Files(string pattern)
    {
        var root = new DirectoryInfo(options.Value.CacheDirectory);
        return root.Exists
            ? root.EnumerateDirectories().Where(d => Naming.IsValidModel(d.Name)).SelectMany(d => d.EnumerateFiles(pattern))
            : [];
    }

    /// <summary>Deletes a file; one that cannot go is logged and left (pruning never fails a swap).</summary>
    private bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CacheLog.DeleteFailed(logger, file.FullName, e);
            return false;
        }
    }

    private bool IsInUse(string path) =>
        _inUse.ContainsKey(path) || _handedOut.ContainsValue(path) || _released.Values.Any(recent => recent.Contains(path, StringComparer.Ordinal));

    private void Release(string path)
    {
        lock (_lock)
        {
            if (--_inUse[path] == 0)
            {
                _inUse.Remove(path);
            }
        }
    }

    private sealed class Kept(CacheRetention retention, string path) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                retention.Release(path);
            }
        }
    }
}
