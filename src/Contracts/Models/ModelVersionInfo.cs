namespace Hotswap.Contracts.Models;

/// <summary>What the store knows about one published version of a model (read from its MLmodel file).</summary>
public sealed record ModelVersionInfo
{
    public required string Model { get; init; }
    public required string Version { get; init; }
    /// <summary>The version's folder as other tools name it (<c>s3://bucket/prefix/model/version</c> or a directory).</summary>
    public required string Location { get; init; }

    public required string OnnxFile { get; init; }
    public required string Sha256 { get; init; }
    public required long SizeBytes { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? RunId { get; init; }
    public string? Source { get; init; }
    public required ModelSignature Signature { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public bool HasInputExample { get; init; }
}
