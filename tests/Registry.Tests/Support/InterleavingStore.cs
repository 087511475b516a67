using Hotswap.Registry.Storage;

namespace Hotswap.Registry.Tests.Support;

/// <summary>
/// A real store through which one writer works, letting another writer commit between that writer's read and its
/// first write: the lost-update race, made deterministic. Everything else goes straight to the real store.
/// </summary>
public sealed class InterleavingStore(IObjectStore inner, Func<Task> otherWriter) : IObjectStore
{
    private int _interleaved;

    public string Description => inner.Description;

    public Task<ObjectRead> ReadAsync(string key, string? ifNoneMatch, CancellationToken cancellationToken) =>
        inner.ReadAsync(key, ifNoneMatch, cancellationToken);

    public Task<long> DownloadAsync(string key, Stream destination, CancellationToken cancellationToken) =>
        inner.DownloadAsync(key, destination, cancellationToken);

    public async Task<string> WriteAsync(string key, Stream content, WriteOptions options, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _interleaved, 1) == 0)
        {
            await otherWriter();
        }

        return await inner.WriteAsync(key, content, options, cancellationToken);
    }

    public Task<ObjectFacts?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

    public IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, CancellationToken cancellationToken) =>
        inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
}
