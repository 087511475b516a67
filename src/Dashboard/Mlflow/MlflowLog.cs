namespace Hotswap.Dashboard.Mlflow;

/// <summary>What the dashboard logs of following MLflow's registry; event ids 3001-3099.</summary>
internal static partial class MlflowLog
{
    [LoggerMessage(3001, LogLevel.Information, "{Model} moved from version {From} to {To}: {Reason}")]
    public static partial void Moved(ILogger logger, string model, string from, string to, string reason);

    [LoggerMessage(3002, LogLevel.Warning, "{Model} could not follow {Follow}: {Problem}; the fleet stays where it is")]
    public static partial void ResolveFailed(ILogger logger, string model, string follow, string problem);

    [LoggerMessage(3003, LogLevel.Error, "A pass over the followed models ({Reason}) failed; the next one tries again")]
    public static partial void PassFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(3004, LogLevel.Warning, "A webhook delivery was refused: {Problem}")]
    public static partial void DeliveryRefused(ILogger logger, string problem);
}
