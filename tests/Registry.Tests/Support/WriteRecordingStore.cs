using System.Collections.Concurrent;
using Hotswap.Registry.Storage;

namespace Hotswap.Registry.Tests.Support;

/// <summary>A real store that also remembers how each key was written, to show which writes are create-only.</summary>
internal sealed class WriteRecordingStore(IObjectStore inner) : IObjectStore
{
    public ConcurrentQueue<(string Key, WriteOptions Options)> Writes { get; } = new();

    public string Description => inner.Description;

    public Task<ObjectRead> ReadAsync(string key, string? ifNoneMatch, CancellationToken cancellationToken) => inner.ReadAsync(key, ifNoneMatch, cancellationToken);

    public Task<long> DownloadAsync(string key, Stream destination, CancellationToken cancellationToken) => inner.DownloadAsync(key, destination, cancellationToken);

    public Task<string> WriteAsync(string key, Stream content, WriteOptions options, CancellationToken cancellationToken)
    {
        Writes.Enqueue((key, options));
        return inner.WriteAsync(key, content, options, cancellationToken);
    }

    public Task<ObjectFacts?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

    public IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
}
