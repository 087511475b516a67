using System.ComponentModel;
using Hotswap.Registry.Storage;
using Microsoft.Extensions.Options;

namespace Hotswap.Registry.Configuration;

/// <summary>Where models live: <c>ModelStore:*</c> in configuration, read by hosts, the dashboard and the publisher.</summary>
public sealed class ModelStoreOptions
{
    public const string Section = "ModelStore";

    public const long DefaultMaxVersionBytes = 2L * 1024 * 1024 * 1024;

    [Description("The store: s3://BUCKET/PREFIX or a local directory (same layout). Required.")]
    public string Uri { get; set; } = "";

    /// <remarks>
    /// An empty or blank value (as an unset <c>ModelStore__ServiceUrl: ""</c> in a compose file or chart gives it) is
    /// stored as null, for every program.
    /// </remarks>
    [Description("An S3-compatible endpoint such as MinIO or s3rver; empty for AWS itself.")]
    public string? ServiceUrl
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? null : value;
    }

    [Description("The S3 region.")]
    public string Region { get; set; } = "us-east-1";

    [Description("A static access key id; empty uses the standard AWS credential chain.")]
    public string? AccessKeyId { get; set; }

    [Description("The secret of ModelStore:AccessKeyId; required with it.")]
    public string? SecretAccessKey { get; set; }

    [Description("How long one store request may take.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Description("How many times the S3 client retries a failed request.")]
    public int MaxErrorRetry { get; set; } = 2;

    [Description("Buckets that model_list.json paths and version folders may name besides the store's own (e.g. MLflow's artifact bucket).")]
    public string[] AllowedBuckets { get; set; } = [];

    [Description("Refuses versions that only a size vouches for (no SHA-256, S3 checksum or MD5 ETag).")]
    public bool RequireChecksum { get; set; }

    /// <remarks>2 GiB: protobuf's own limit for an ONNX file without external data.</remarks>
    [Description("The largest ONNX file a host downloads; a download stops past this or the size its version records, whichever is smaller.")]
    public long MaxVersionBytes { get; set; } = DefaultMaxVersionBytes;
}

/// <summary>The <c>ModelStore:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class ModelStoreKeys
{
    public const string Uri = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.Uri)}";
    public const string ServiceUrl = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.ServiceUrl)}";
    public const string Region = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.Region)}";
    public const string AccessKeyId = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.AccessKeyId)}";
    public const string SecretAccessKey = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.SecretAccessKey)}";
    public const string Timeout = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.Timeout)}";
    public const string MaxErrorRetry = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.MaxErrorRetry)}";
    public const string AllowedBuckets = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.AllowedBuckets)}";
    public const string RequireChecksum = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.RequireChecksum)}";
    public const string MaxVersionBytes = $"{ModelStoreOptions.Section}:{nameof(ModelStoreOptions.MaxVersionBytes)}";
}

/// <summary>Reports every problem of <see cref="ModelStoreOptions"/> at once, at start-up.</summary>
public sealed class ModelStoreOptionsValidator : IValidateOptions<ModelStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelStoreOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Uri))
        {
            problems.Add($"{ModelStoreKeys.Uri} is required: s3://BUCKET/PREFIX or a local directory.");
        }
        else if (options.Uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && options.Uri.Length <= "s3://".Length)
        {
            problems.Add($"{ModelStoreKeys.Uri} '{options.Uri}' names no bucket.");
        }

        if (options.ServiceUrl is { Length: > 0 } url && !System.Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            problems.Add($"{ModelStoreKeys.ServiceUrl} '{url}' is not an absolute URL.");
        }

        if (options.AccessKeyId is { Length: > 0 } && string.IsNullOrEmpty(options.SecretAccessKey))
        {
            problems.Add($"{ModelStoreKeys.SecretAccessKey} is required when {ModelStoreKeys.AccessKeyId} is set.");
        }

        foreach (var bucket in options.AllowedBuckets.Where(b => !StoreLocation.IsValidBucket(b)))
        {
            problems.Add($"{ModelStoreKeys.AllowedBuckets} names '{bucket}', which is not a bucket name (3-63 lower-case letters, digits, '.' or '-').");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            problems.Add($"{ModelStoreKeys.Timeout} must be positive.");
        }

        if (options.MaxVersionBytes <= 0)
        {
            problems.Add($"{ModelStoreKeys.MaxVersionBytes} must be positive (it is {options.MaxVersionBytes}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
