namespace Hotswap.Contracts.Models;

/// <summary>What the store knows about one published version of a model (read from its MLmodel file).</summary>
public sealed record ModelVersionInfo
{
    public required string Model { get; init; }
    public required string Version { get; init; }
    /// <summary>The version's folder as other tools name it (<c>s3://bucket/prefix/model/version</c> or a directory).</summary>
    public required string Location { get; init; }

    public required string OnnxFile { get; init; }
    /// <summary>The ONNX file's SHA-256 when something records it (model_list.json, MLmodel or the store); null otherwise.</summary>
    public string? Sha256 { get; init; }

    /// <summary>What the download is checked against; null only for a version whose MLmodel could not be read.</summary>
    public VersionIntegrity? Integrity { get; init; }

    /// <summary>How the version is verified, for people (<c>S3 ETag (md5)</c>, <c>size only</c>, …).</summary>
    public string Verification => Error is null ? Integrity?.Description ?? "unverified" : "unreadable";

    /// <summary>Why the version's MLmodel could not be read; such a version is listed but never served.</summary>
    public string? Error { get; init; }

    public required long SizeBytes { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? RunId { get; init; }
    public string? Source { get; init; }
    public required ModelSignature Signature { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public bool HasInputExample { get; init; }
}
