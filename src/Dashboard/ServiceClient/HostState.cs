using Hotswap.Contracts.Status;

namespace Hotswap.Dashboard.ServiceClient;

public enum HostConnectionState
{
    /// <summary>First connection attempt under way.</summary>
    Connecting,

    Connected,

    /// <summary>The connection dropped; reconnecting by itself.</summary>
    Reconnecting,

    /// <summary>The host could not be reached; retrying by itself.</summary>
    Unreachable,
}

/// <summary>One host as the dashboard last saw it: how it is connected, since when, and its last reported status.</summary>
public sealed record HostState(string Url, HostConnectionState Connection, DateTimeOffset Since, HostStatus? Status, string? Error)
{
    public string Name => Status?.HostId ?? new Uri(Url).Authority;
}
