using Hotswap.Contracts.Fleet;
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

    /// <summary>Announced itself over the dashboard's fleet hub (<c>/hubs/fleet</c>): status and events are pushed by the host.</summary>
    Announced,

    /// <summary>Reports over HTTP after each check (<c>OnRequest</c> mode, Lambda): seen at each report.</summary>
    Reported,
}

/// <summary>One host as the dashboard last saw it: how it is connected, since when, and its last reported status.</summary>
public sealed record HostState(string Url, HostConnectionState Connection, DateTimeOffset Since, HostStatus? Status, string? Error)
{
    public HostKind Kind { get; init; } = HostKind.Hub;

    /// <summary>What an announced or reporting host said of itself; null for hosts the dashboard dials or polls.</summary>
    public HostAnnouncement? Announcement { get; init; }

    /// <summary>Silent for longer than <c>Fleet:StaleAfter</c>: what it serves may have changed since.</summary>
    public bool Stale { get; init; }

    /// <summary>
    /// For an announced host, when it registered or (once disconnected) when its connection closed; for a reporting
    /// host, its last report. Null for hosts the dashboard dials or polls (see <see cref="Since"/>).
    /// </summary>
    public DateTimeOffset? LastSeen { get; init; }

    public string Name => Status?.HostId ?? new Uri(Url).Authority;
}
