using Hotswap.Contracts.Models;

namespace Hotswap.Registry.Versions;

/// <summary>Everything a new version is made of. The ONNX bytes must already have been checked to load.</summary>
public sealed record PublishRequest
{
    public required string Model { get; init; }

    /// <summary>Null for the next number after the newest numeric version.</summary>
    public string? Version { get; init; }

    public required string OnnxFilePath { get; init; }
    public string OnnxFileName { get; init; } = "model.onnx";
    public required ModelSignature Signature { get; init; }

    /// <summary>An MLflow scoring body (<c>{"inputs": ...}</c>) that the model answers.</summary>
    public string? InputExampleJson { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public string? RunId { get; init; }
    public string? Source { get; init; }
    public required string PublishedBy { get; init; }
    public string? Reason { get; init; }

    /// <summary>Receives the bytes uploaded so far of the ONNX file.</summary>
    public IProgress<long>? UploadProgress { get; init; }
}

/// <summary>
/// What a publish did: the version written, and whether the fleet's desired state now points at it. If not, it stays
/// at <paramref name="HeldAt"/>: held by a pin, or because it follows <paramref name="Follows"/> in MLflow's registry.
/// </summary>
public sealed record PublishResult(ModelVersionInfo Version, bool DesiredStateAdvanced, string? HeldAt, string? Follows);
