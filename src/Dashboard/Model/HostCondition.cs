using Hotswap.Contracts.Status;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Model;

/// <summary>What an operator needs to know of a host first, most urgent last; the fleet page filters and counts by it.</summary>
public enum HostCondition
{
    /// <summary>Connected, and every model it serves is its desired version.</summary>
    Healthy,

    /// <summary>Connected, with a model pending or swapping to its desired version.</summary>
    Updating,

    /// <summary>First connection attempt under way: nothing known yet.</summary>
    Connecting,

    /// <summary>Connected, but a swap failed, a model reports an error or the store could not be read.</summary>
    Error,

    /// <summary>Its connection is down (reconnecting, or not reachable): what it serves is as last known.</summary>
    Unreachable,

    /// <summary>Silent past <c>Fleet:StaleAfter</c>: what it serves may have changed since.</summary>
    Stale,
}

public static class HostConditions
{
    public static HostCondition Of(HostState host) => host switch
    {
        { Stale: true } => HostCondition.Stale,
        { Connection: HostConnectionState.Reconnecting or HostConnectionState.Unreachable } => HostCondition.Unreachable,
        { Connection: HostConnectionState.Connecting } => HostCondition.Connecting,
        { Status: { } status } when status.LastCheckError is not null || status.Models.Any(IsInError) => HostCondition.Error,
        { Status: { } status } when status.Models.Any(m => m.State is ModelState.Pending or ModelState.Swapping) => HostCondition.Updating,
        _ => HostCondition.Healthy,
    };

    public static bool IsInError(ModelStatus model) => model.State == ModelState.Failed || model.LastError is not null;

    /// <summary>The word the page shows, lower case as in a sentence.</summary>
    public static string Label(this HostCondition condition) => condition switch
    {
        HostCondition.Healthy => "healthy",
        HostCondition.Updating => "updating",
        HostCondition.Connecting => "connecting",
        HostCondition.Error => "error",
        HostCondition.Unreachable => "unreachable",
        _ => "stale",
    };
}
