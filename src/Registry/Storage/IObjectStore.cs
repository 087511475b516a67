namespace Hotswap.Registry.Storage;

/// <summary>
/// The few object operations the registry needs, over S3 or a local directory.
/// Keys are relative to the bucket (S3) or to the root directory, always with '/' separators.
/// </summary>
public interface IObjectStore
{
    /// <summary>Where the store lives, for messages (<c>s3://bucket</c> or a directory).</summary>
    string Description { get; }

    /// <summary>The largest object <see cref="ReadAsync"/> reads into memory (an MLmodel, model_list.json or input example is a few KB).</summary>
    const int MaxReadBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Reads a small object. With <paramref name="ifNoneMatch"/> an unchanged object answers <see cref="ObjectReadStatus.NotModified"/>.
    /// An object over <see cref="MaxReadBytes"/> throws <see cref="InvalidDataException"/> naming the key and the limit, unread.
    /// </summary>
    Task<ObjectRead> ReadAsync(string key, string? ifNoneMatch, CancellationToken cancellationToken);

    /// <summary>Streams an object into <paramref name="destination"/>; returns the byte count.</summary>
    Task<long> DownloadAsync(string key, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an object and returns its new ETag. With <paramref name="ifMatch"/> the write only happens while the
    /// object still has that ETag (a lost update throws <see cref="ConcurrentUpdateException"/>) on stores that honour it.
    /// </summary>
    Task<string> WriteAsync(string key, Stream content, WriteOptions options, CancellationToken cancellationToken);

    /// <summary>An object's length and the digests the store itself keeps of it; null when there is no such object.</summary>
    Task<ObjectFacts?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>Lists the objects under a key prefix, every page of them.</summary>
    IAsyncEnumerable<ObjectEntry> ListAsync(string prefix, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);

    static InvalidDataException TooLargeToRead(string store, string key, long length) =>
        new($"{store}: '{key}' is {length} bytes, more than the {MaxReadBytes} read into memory.");
}

public sealed record WriteOptions
{
    public static WriteOptions Default { get; } = new();

    public string? IfMatch { get; init; }

    /// <summary>True to refuse overwriting an existing object (create-only).</summary>
    public bool IfNoneExist { get; init; }

    public string ContentType { get; init; } = "application/octet-stream";

    public IProgress<long>? Progress { get; init; }
}

public enum ObjectReadStatus { Found, NotModified, NotFound }

public sealed record ObjectRead(ObjectReadStatus Status, byte[] Content, string? ETag)
{
    public static ObjectRead NotFound { get; } = new(ObjectReadStatus.NotFound, [], null);

    public static ObjectRead NotModified(string eTag) => new(ObjectReadStatus.NotModified, [], eTag);
}

public sealed record ObjectEntry(string Key, long Size, DateTimeOffset LastModified);

/// <summary>
/// What a store vouches for about an object without reading it: its length, and its SHA-256 or MD5 (lower-case hex)
/// where the store keeps one of the whole object.
/// </summary>
public sealed record ObjectFacts(long Size, string? Sha256 = null, string? Md5 = null);
