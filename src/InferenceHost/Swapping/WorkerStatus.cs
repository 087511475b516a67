using Hotswap.Contracts.Status;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>Where a model's swaps stand: what failed, why, and when it is tried again.</summary>
public sealed record WorkerStatus(ModelState State, string? LastError = null, RetryState? Retry = null)
{
    public DateTimeOffset? NextRetryAt => Retry?.NextAttemptAt;
}
