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

    [LoggerMessage(5, LogLevel.Information, "Host {HostId} announced itself on the fleet hub ({BaseUrl})")]
    public static partial void HostAnnounced(ILogger logger, string hostId, string baseUrl);

    [LoggerMessage(6, LogLevel.Warning, "A host was refused id {HostId}: another host connected to the fleet hub holds it")]
    public static partial void HostIdRefused(ILogger logger, string hostId);

    [LoggerMessage(7, LogLevel.Information, "Host {HostId} disconnected from the fleet hub; it keeps its last status until it turns stale")]
    public static partial void HostDisconnected(ILogger logger, string hostId);

    [LoggerMessage(8, LogLevel.Information, "Host {HostId} was silent for more than {ForgetAfter} and is forgotten")]
    public static partial void HostForgotten(ILogger logger, string hostId, TimeSpan forgetAfter);
}
