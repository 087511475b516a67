namespace Hotswap.InferenceHost.Fleet;

/// <summary>What the host logs of its announcement to the dashboard; event ids 2001-2099.</summary>
public sealed partial class FleetLog(ILogger<FleetLog> logger)
{
    [LoggerMessage(2001, LogLevel.Information, "Registered with the dashboard at {Dashboard} as host {HostId}")]
    public partial void Registered(Uri dashboard, string hostId);

    [LoggerMessage(2002, LogLevel.Warning, "The dashboard at {Dashboard} refused host {HostId}: {Reason}; trying again in {Delay}")]
    public partial void Refused(Uri dashboard, string hostId, string reason, TimeSpan delay);

    [LoggerMessage(2003, LogLevel.Warning, "The connection to the dashboard at {Dashboard} failed or ended ({Error}); trying again in {Delay}")]
    public partial void ConnectionLost(Uri dashboard, string error, TimeSpan delay);

    [LoggerMessage(2004, LogLevel.Warning, "{Count} event(s) for the dashboard were dropped: it read slower than this host produced them; the status sent next says where the host is")]
    public partial void EventsDropped(long count);

    [LoggerMessage(2005, LogLevel.Information, "The dashboard asked for a refresh of {Model}: {Reason}")]
    public partial void RefreshAsked(string model, string reason);

    [LoggerMessage(2006, LogLevel.Warning, "The refresh of {Model} the dashboard asked for was refused: {Reason}")]
    public partial void RefreshRefused(string model, string reason);

    [LoggerMessage(2007, LogLevel.Warning, "The report to the dashboard at {Dashboard} failed: {Error}")]
    public partial void ReportFailed(Uri dashboard, string error);
}
