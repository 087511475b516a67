namespace Hotswap.InferenceHost.Swapping;

internal static partial class WorkerLog
{
    [LoggerMessage(1102, LogLevel.Error, "{Model}: candidate version {Version} cannot be loaded; the served version answers everything: {Reason}")]
    public static partial void CandidateFailed(ILogger logger, string model, string version, string reason);

    [LoggerMessage(1101, LogLevel.Error, "{Model}: restoring version {Version} from the cache after a failed resource-preserving swap failed too; the model is unavailable until a later pass restores it or serves another version")]
    public static partial void RestoreFailed(ILogger logger, string model, string version, Exception exception);
}
