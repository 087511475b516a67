using System.Text.Json.Serialization;

namespace Hotswap.Contracts.Status;

/// <summary>
/// How a host that announces itself (<c>Fleet:DashboardUrl</c>) stands with the dashboard: its fleet-hub connection,
/// or for an OnRequest host its latest report, since <paramref name="Since"/>; <paramref name="Problem"/> says what
/// failed or why the dashboard refused. A host whose <c>/status</c> shows this answers "does the dashboard see me?"
/// without anyone opening the dashboard.
/// </summary>
public sealed record DashboardLink(string Dashboard, DashboardLinkState State, DateTimeOffset Since, string? Problem);

[JsonConverter(typeof(JsonStringEnumConverter<DashboardLinkState>))]
public enum DashboardLinkState
{
    /// <summary>Not registered yet, or trying again after a failure (see the problem).</summary>
    Connecting,

    /// <summary>Registered on the fleet hub; status and events flow.</summary>
    Registered,

    /// <summary>The dashboard refused the registration (another connected host holds the id); the problem is its reason.</summary>
    Refused,

    /// <summary>An OnRequest host's latest report was accepted.</summary>
    Reported,

    /// <summary>An OnRequest host's latest report failed (see the problem); the next check reports again.</summary>
    ReportFailed,
}
