using Hotswap.Registry.Storage;
using Microsoft.Extensions.Options;

namespace Hotswap.Registry;

/// <summary>Where models live: <c>ModelStore:*</c> in configuration.</summary>
public sealed class ModelStoreOptions
{
    public const string Section = "ModelStore";

    /// <summary><c>s3://BUCKET/PREFIX</c> or a local directory (same layout).</summary>
    public string Uri { get; set; } = "";

    /// <summary>
    /// An S3-compatible endpoint such as MinIO or s3rver; null for AWS itself. An empty or blank value (as an unset
    /// <c>ModelStore__ServiceUrl: ""</c> in a compose file or chart gives it) is stored as null, for every program.
    /// </summary>
    public string? ServiceUrl
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Static credentials; when empty the standard AWS credential chain is used.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxErrorRetry { get; set; } = 2;

    /// <summary>
    /// Buckets that model_list.json paths and version folders may name besides the store's own (e.g. MLflow's
    /// artifact bucket). Empty: only the store's bucket.
    /// </summary>
    public string[] AllowedBuckets { get; set; } = [];

    /// <summary>True to refuse versions that only a size vouches for (no SHA-256, S3 checksum or MD5 ETag).</summary>
    public bool RequireChecksum { get; set; }

    /// <summary>
    /// The largest ONNX file a host downloads. A download stops as soon as it passes this or the size its version records,
    /// whichever is smaller. 2 GiB: protobuf's own limit for an ONNX file without external data.
    /// </summary>
    public long MaxVersionBytes { get; set; } = DefaultMaxVersionBytes;

    public const long DefaultMaxVersionBytes = 2L * 1024 * 1024 * 1024;
}

/// <summary>Reports every problem of <see cref="ModelStoreOptions"/> at once, at start-up.</summary>
public sealed class ModelStoreOptionsValidator : IValidateOptions<ModelStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelStoreOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Uri))
        {
            problems.Add("ModelStore:Uri is required: s3://BUCKET/PREFIX or a local directory.");
        }
        else if (options.Uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && options.Uri.Length <= "s3://".Length)
        {
            problems.Add($"ModelStore:Uri '{options.Uri}' names no bucket.");
        }

        if (options.ServiceUrl is { Length: > 0 } url && !System.Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            problems.Add($"ModelStore:ServiceUrl '{url}' is not an absolute URL.");
        }

        if (options.AccessKeyId is { Length: > 0 } && string.IsNullOrEmpty(options.SecretAccessKey))
        {
            problems.Add("ModelStore:SecretAccessKey is required when ModelStore:AccessKeyId is set.");
        }

        foreach (var bucket in options.AllowedBuckets.Where(b => !StoreLocation.IsValidBucket(b)))
        {
            problems.Add($"ModelStore:AllowedBuckets names '{bucket}', which is not a bucket name (3-63 lower-case letters, digits, '.' or '-').");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            problems.Add("ModelStore:Timeout must be positive.");
        }

        if (options.MaxVersionBytes <= 0)
        {
            problems.Add($"ModelStore:MaxVersionBytes must be positive (it is {options.MaxVersionBytes}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
