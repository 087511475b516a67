namespace Hotswap.Contracts.Swapping;

/// <summary>How long each phase of a swap took, in milliseconds.</summary>
public sealed record SwapDurations(double DownloadMs, double LoadMs, double ValidateMs, double WarmupMs, double TotalMs);

public sealed record SwapStarted(string HostId, string SwapId, string Model, string? FromVersion, string ToVersion, string Trigger, DateTimeOffset At);

/// <param name="Sha256">The served file's SHA-256 when something records it.</param>
/// <param name="Verification">How the served version was verified (<c>S3 ETag (md5)</c>, <c>size only</c>, …).</param>
public sealed record SwapSucceeded(string HostId, string SwapId, string Model, string? FromVersion, string ToVersion, string? Sha256, SwapDurations Durations, DateTimeOffset At, string? Verification = null);

public sealed record SwapFailed(string HostId, string SwapId, string Model, string? ServedVersion, string ToVersion, string Reason, DateTimeOffset? NextRetryAt, DateTimeOffset At);

/// <summary>
/// A version was loaded without being validated: it has no input example and every generated input failed. It is served
/// (unless <c>Swap:RequireValidation</c> is on); <paramref name="Reason"/> names the first failure.
/// </summary>
public sealed record ValidationWarning(string HostId, string Model, string Version, string Reason, DateTimeOffset At);

/// <summary>A model left the desired state and was unloaded.</summary>
public sealed record ModelRemoved(string HostId, string Model, string? LastVersion, DateTimeOffset At);

public sealed record DesiredModel(string Model, string Version, bool Pinned, string? UpdatedBy, string? Reason, DateTimeOffset? UpdatedAt);

public sealed record DesiredStateChanged(string HostId, IReadOnlyList<DesiredModel> Models, DateTimeOffset At);

/// <summary>One read of the desired state: <paramref name="Changed"/> false for an unchanged manifest (a 304).</summary>
public sealed record CheckCompleted(string HostId, bool Changed, string? Error, double DurationMs, DateTimeOffset At);
