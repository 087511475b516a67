namespace Hotswap.Dashboard;

/// <summary>The dashboard's log messages, event ids in one place.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(1, LogLevel.Warning, "Host {Host} is unreachable: {Error}")]
    public static partial void HostUnreachable(ILogger logger, string host, string error);

    [LoggerMessage(2, LogLevel.Warning, "Reading the status of host {Host} failed: {Error}")]
    public static partial void StatusReadFailed(ILogger logger, string host, string error);

    [LoggerMessage(3, LogLevel.Information, "{Actor} ran {Action} on {Model} ({Version}): {Outcome}")]
    public static partial void ActionRan(ILogger logger, string actor, string action, string model, string? version, string outcome);

    [LoggerMessage(4, LogLevel.Warning, "Host {Host} was not told to follow {Model}'s auto-rollback ({Error}); it follows at its next poll")]
    public static partial void FollowFailed(ILogger logger, string host, string model, string error);
}
