using System.Text.Json.Serialization;
using Hotswap.Contracts.Models;
using Hotswap.Contracts.Rollouts;

namespace Hotswap.Contracts.Status;

/// <summary>Where one model stands on one host.</summary>
public sealed record ModelStatus
{
    public required string Model { get; init; }
    public string? ServedVersion { get; init; }
    public string? ServedSha256 { get; init; }

    /// <summary>How the served version was verified (<c>sha256 from MLmodel</c>, <c>S3 ETag (md5)</c>, <c>size only</c>, …).</summary>
    public string? ServedVerification { get; init; }

    public string? DesiredVersion { get; init; }
    public bool Pinned { get; init; }
    public required ModelState State { get; init; }
    public DateTimeOffset? LoadedAt { get; init; }
    public DateTimeOffset? LastCheck { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? NextRetryAt { get; init; }
    public ModelSignature? Signature { get; init; }

    /// <summary>
    /// What validated the served version: <c>input example</c>, <c>generated inputs (…)</c>, or
    /// <c>none (generated inputs failed: …)</c> when it serves unvalidated.
    /// </summary>
    public string? Validation { get; init; }

    /// <summary>The candidate of a shadow or canary rollout, when the store names one.</summary>
    public RolloutStatus? Rollout { get; init; }

    /// <summary>The version served before the last swap, kept loaded until <see cref="GuardUntil"/> so a rollback is instant.</summary>
    public string? WarmPreviousVersion { get; init; }

    public DateTimeOffset? GuardUntil { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ModelState>))]
public enum ModelState
{
    /// <summary>Nothing loaded yet and no load has finished.</summary>
    Pending,

    /// <summary>The served version is the desired one.</summary>
    Serving,

    /// <summary>A swap to the desired version is under way; the served version (if any) keeps answering.</summary>
    Swapping,

    /// <summary>The last swap failed; the served version (if any) keeps answering and the swap is retried.</summary>
    Failed,

    /// <summary>No longer in the desired state; unloaded once in-flight requests finish.</summary>
    Removed,
}
