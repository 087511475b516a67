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

/// <summary>How the dashboard follows a host.</summary>
public enum HostKind
{
    /// <summary>Connected to its SignalR hub: status and swap events are pushed.</summary>
    Hub,

    /// <summary>No hub (an AWS Lambda function URL): <c>GET /status</c> is read every few seconds.</summary>
    Polled,
}

/// <summary>One host as the dashboard last saw it: how it is connected, since when, and its last reported status.</summary>
public sealed record HostState(string Url, HostConnectionState Connection, DateTimeOffset Since, HostStatus? Status, string? Error)
{
    public HostKind Kind { get; init; } = HostKind.Hub;

    public string Name => Status?.HostId ?? new Uri(Url).Authority;
}
