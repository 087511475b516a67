using System.Collections.Immutable;
using System.Globalization;
using Hotswap.Contracts.Models;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Registry.DesiredState;

namespace Hotswap.Dashboard.Model;

/// <summary>One published version of a model, with where it is desired and served.</summary>
public sealed record VersionRowViewModel
{
    public required string Version { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public required long SizeBytes { get; init; }
    public string? Sha256 { get; init; }

    /// <summary>How the version is verified (<c>sha256 from MLmodel</c>, <c>S3 ETag (md5)</c>, <c>size only</c>, …).</summary>
    public required string Verification { get; init; }

    /// <summary>Why the version cannot be served (its MLmodel or location was refused); null when it can.</summary>
    public string? Error { get; init; }
    public required string Signature { get; init; }
    public required string Metrics { get; init; }
    public string? RunId { get; init; }
    public required bool IsDesired { get; init; }
    public required bool IsPinned { get; init; }

    /// <summary>The version is the candidate of a rollout under way.</summary>
    public bool IsCandidate { get; init; }
    public required ImmutableArray<string> ServedBy { get; init; }

    public string Size => SizeBytes switch
    {
        < 1024 => $"{SizeBytes} B",
        < 1024 * 1024 => $"{SizeBytes / 1024.0:0.#} KiB",
        _ => $"{SizeBytes / (1024.0 * 1024):0.#} MiB",
    };

    /// <summary>Rows newest first, as the store lists them, marked with the desired state and the fleet.</summary>
    public static ImmutableArray<VersionRowViewModel> Build(IEnumerable<ModelVersionInfo> versions, ModelEntry? desired, ImmutableArray<HostState> hosts) =>
    [
        .. versions.Select(v => new VersionRowViewModel
        {
            Version = v.Version,
            CreatedAt = v.CreatedAt,
            SizeBytes = v.SizeBytes,
            Sha256 = v.Sha256,
            Verification = v.Verification,
            Error = v.Error,
            Signature = $"{string.Join(", ", v.Signature.Inputs)} → {string.Join(", ", v.Signature.Outputs)}",
            Metrics = string.Join(", ", v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.ToString("G4", CultureInfo.InvariantCulture)}")),
            RunId = v.RunId,
            IsDesired = desired?.Version == v.Version,
            IsPinned = desired is { Pinned: true } && desired.Version == v.Version,
            IsCandidate = desired?.Candidate?.Version == v.Version,
            ServedBy = [.. hosts.Where(h => h.Status?.Models.Any(m => m.Model == v.Model && m.ServedVersion == v.Version) == true).Select(h => h.Name)],
        }),
    ];
}
