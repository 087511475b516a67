using Hotswap.Registry.Storage;

namespace Hotswap.Registry.DesiredState;

/// <summary>
/// A read of model_list.json with the ETag it had, so the next read can be conditional. <see cref="Missing"/> tells a
/// store without the file (read as an empty document, which a first write creates) from a file that lists no model.
/// </summary>
public sealed record DesiredStateSnapshot(DesiredStateDocument Document, string? ETag)
{
    public bool Missing { get; init; }
}

/// <summary>
/// Reads and changes model_list.json. Changes are read-modify-write with a conditional put: where the store honours
/// <c>If-Match</c> (AWS S3, MinIO, the local directory store) a concurrent writer's update is never lost, the change is
/// re-applied to the newer document instead.
/// </summary>
public sealed class DesiredStateStore(IObjectStore store, string key)
{
    private const int MaxAttempts = 8;

    public string Key => key;

    public async Task<DesiredStateSnapshot> ReadAsync(CancellationToken cancellationToken) =>
        (await ReadIfChangedAsync(null, cancellationToken))!;

    /// <summary>Null when the document still has <paramref name="eTag"/> (a 304 from S3, nothing downloaded).</summary>
    public async Task<DesiredStateSnapshot?> ReadIfChangedAsync(string? eTag, CancellationToken cancellationToken)
    {
        ObjectRead read;
        try
        {
            read = await store.ReadAsync(key, eTag, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new DesiredStateFormatException($"model_list.json cannot be read: {e.Message}", e);
        }

        return read.Status switch
        {
            ObjectReadStatus.NotModified => null,
            ObjectReadStatus.NotFound => new DesiredStateSnapshot(DesiredStateDocument.Empty, null) { Missing = true },
            _ => new DesiredStateSnapshot(DesiredStateDocument.Parse(read.Content), read.ETag),
        };
    }

    /// <summary>Applies <paramref name="change"/> to the current document and writes it back, retrying on a lost race.</summary>
    public async Task<DesiredStateDocument> UpdateAsync(Func<DesiredStateDocument, DesiredStateDocument> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(cancellationToken);
            var changed = change(current.Document);
            if (ReferenceEquals(changed, current.Document))
            {
                return changed;
            }

            try
            {
                using var content = new MemoryStream(changed.ToJson());
                var options = current.ETag is null
                    ? new WriteOptions { IfNoneExist = true, ContentType = "application/json" }
                    : new WriteOptions { IfMatch = current.ETag, ContentType = "application/json" };
                await store.WriteAsync(key, content, options, cancellationToken);
                return changed;
            }
            catch (ConcurrentUpdateException) when (attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
            }
        }
    }
}
