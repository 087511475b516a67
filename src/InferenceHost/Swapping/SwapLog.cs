using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Swapping;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>Structured logs of checks and swaps, with model, version and swap id; event ids live here.</summary>
public sealed partial class SwapLog(ILogger<SwapLog> logger) : ISwapListener
{
    public void OnCheckCompleted(CheckCompleted e)
    {
        if (e.Error is not null)
        {
            CheckFailed(logger, e.Error);
        }
    }

    public void OnDesiredStateChanged(DesiredStateChanged e) =>
        DesiredStateChanged(logger, string.Join(", ", e.Models.Select(m => $"{m.Model}={m.Version}{(m.Pinned ? " (pinned)" : "")}")));

    public void OnSwapStarted(SwapStarted e) => SwapStarted(logger, e.Model, e.FromVersion ?? "(none)", e.ToVersion, e.SwapId, e.Trigger);

    public void OnSwapSucceeded(SwapSucceeded e) =>
        SwapSucceeded(logger, e.Model, e.FromVersion ?? "(none)", e.ToVersion, e.SwapId, e.Durations.DownloadMs, e.Durations.LoadMs, e.Durations.ValidateMs, e.Durations.WarmupMs, e.Durations.TotalMs);

    public void OnSwapFailed(SwapFailed e) => SwapFailed(logger, e.Model, e.ToVersion, e.SwapId, e.ServedVersion ?? "(none)", e.Reason, e.NextRetryAt);

    public void OnModelRemoved(ModelRemoved e) => ModelRemoved(logger, e.Model, e.LastVersion ?? "(none)");

    public void OnValidationWarning(ValidationWarning e) => ServedUnvalidated(logger, e.Model, e.Version, e.Reason);

    public void OnAutoRolledBack(AutoRollback e) => AutoRolledBack(logger, e.Model, e.FromVersion, e.ToVersion, e.Phase, e.Reason);

    [LoggerMessage(1001, LogLevel.Warning, "Reading the desired state failed: {Error}")]
    private static partial void CheckFailed(ILogger logger, string error);

    [LoggerMessage(1002, LogLevel.Information, "Desired state changed: {Models}")]
    private static partial void DesiredStateChanged(ILogger logger, string models);

    [LoggerMessage(1003, LogLevel.Information, "Swap {SwapId} of {Model} from version {FromVersion} to {ToVersion} started ({Trigger})")]
    private static partial void SwapStarted(ILogger logger, string model, string fromVersion, string toVersion, string swapId, string trigger);

    [LoggerMessage(1004, LogLevel.Information, "Swap {SwapId} of {Model} from version {FromVersion} to {ToVersion} succeeded: download {DownloadMs:F0} ms, load {LoadMs:F0} ms, validate {ValidateMs:F0} ms, warm-up {WarmupMs:F0} ms, total {TotalMs:F0} ms")]
    private static partial void SwapSucceeded(ILogger logger, string model, string fromVersion, string toVersion, string swapId, double downloadMs, double loadMs, double validateMs, double warmupMs, double totalMs);

    [LoggerMessage(1005, LogLevel.Error, "Swap {SwapId} of {Model} to version {ToVersion} failed; version {ServedVersion} keeps serving; next retry at {NextRetryAt}: {Reason}")]
    private static partial void SwapFailed(ILogger logger, string model, string toVersion, string swapId, string servedVersion, string reason, DateTimeOffset? nextRetryAt);

    [LoggerMessage(1006, LogLevel.Information, "{Model} left the desired state; version {LastVersion} unloaded")]
    private static partial void ModelRemoved(ILogger logger, string model, string lastVersion);

    [LoggerMessage(1007, LogLevel.Error, "Swap listener {Listener} failed on {Event}")]
    public static partial void ListenerFailed(ILogger logger, string listener, string @event, Exception exception);

    [LoggerMessage(1009, LogLevel.Warning, "{Model}: the guard rolled version {FromVersion} back to {ToVersion} ({Phase}): {Reason}")]
    private static partial void AutoRolledBack(ILogger logger, string model, string fromVersion, string toVersion, RolloutPhase phase, string reason);

    [LoggerMessage(1010, LogLevel.Warning, "{Model} version {Version} serves unvalidated: it has no input example and {Reason}")]
    private static partial void ServedUnvalidated(ILogger logger, string model, string version, string reason);

    [LoggerMessage(1008, LogLevel.Information, "{Model} version {Version} released after its last request")]
    public static partial void Released(ILogger logger, string model, string version);
}
