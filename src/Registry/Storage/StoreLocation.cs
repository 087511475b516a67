using System.Text.RegularExpressions;

namespace Hotswap.Registry.Storage;

/// <summary>
/// A parsed <c>ModelStore:Uri</c>: either <c>s3://bucket/prefix</c> or a local directory.
/// The prefix always ends with '/' unless it is empty.
/// </summary>
public sealed partial record StoreLocation
{
    public required bool IsS3 { get; init; }
    public string Bucket { get; init; } = "";
    public string RootDirectory { get; init; } = "";
    public string Prefix { get; init; } = "";

    public static StoreLocation Parse(string uri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        if (!uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreLocation { IsS3 = false, RootDirectory = Path.GetFullPath(uri) };
        }

        var rest = uri["s3://".Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0)
        {
            throw new FormatException($"The store URI '{uri}' names no bucket; expected s3://BUCKET/PREFIX.");
        }

        return new StoreLocation { IsS3 = true, Bucket = bucket, Prefix = prefix.Length == 0 ? "" : prefix + "/" };
    }

    /// <summary>The URI of a key as other tools (and model_list.json's <c>path</c>) spell it.</summary>
    public string UriOf(string key) =>
        IsS3 ? $"s3://{Bucket}/{key}" : Path.Combine(RootDirectory, key.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Turns a <c>path</c> from model_list.json into a key of this store: an <c>s3://</c> URI in this bucket,
    /// a path inside the root directory, or a key relative to the bucket / root.
    /// </summary>
    public string KeyOf(string path)
    {
        if (path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var other = Parse(path);
            if (!IsS3 || other.Bucket != Bucket)
            {
                throw new FormatException($"The path '{path}' is outside the store {this}.");
            }

            return Inside(other.Prefix.TrimEnd('/'), path);
        }

        if (!IsS3 && Path.IsPathRooted(path))
        {
            var relative = Path.GetRelativePath(RootDirectory, path);
            if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                throw new FormatException($"The path '{path}' is outside the store {this}.");
            }

            return relative.Replace(Path.DirectorySeparatorChar, '/');
        }

        return Inside(path.Trim('/'), path);
    }

    /// <summary>An S3 bucket name as S3 allows it: 3-63 lower-case letters, digits, '.' or '-'.</summary>
    public static bool IsValidBucket(string? bucket) => bucket is not null && BucketName().IsMatch(bucket);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\z")]
    private static partial Regex BucketName();

    private string Inside(string key, string path) =>
        key.Split('/').Contains("..") ? throw new FormatException($"The path '{path}' is outside the store {this}.") : key;

    public override string ToString() => IsS3 ? $"s3://{Bucket}/{Prefix}" : RootDirectory;
}
