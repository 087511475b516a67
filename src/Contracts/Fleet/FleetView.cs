using Hotswap.Contracts.Status;

namespace Hotswap.Contracts.Fleet;

/// <summary><c>GET /api/fleet</c>: every host the dashboard knows, announced or dialed, as of <paramref name="At"/>.</summary>
public sealed record FleetView(DateTimeOffset At, IReadOnlyList<FleetHostView> Hosts);

/// <summary>One host in <see cref="FleetView"/>.</summary>
/// <param name="Connected">Whether the host's connection is open now (for a reporting host: whether it reported within <c>Fleet:StaleAfter</c>).</param>
/// <param name="LastSeen">When the dashboard last heard from the host.</param>
/// <param name="Stale">Silent for longer than <c>Fleet:StaleAfter</c>: what it serves may have changed since.</param>
/// <param name="Source">How the dashboard follows it: <c>announced</c> (fleet hub), <c>reported</c> (HTTP reports), <c>dialed</c> or <c>polled</c> (<c>Dashboard:Hosts</c> / <c>PolledHosts</c>).</param>
public sealed record FleetHostView(
    string HostId,
    bool Connected,
    DateTimeOffset LastSeen,
    bool Stale,
    string Source,
    string? BaseUrl,
    string? Mode,
    string? SoftwareVersion,
    InstanceFacts? Instance,
    string? Error,
    IReadOnlyList<FleetModelView> Models);

/// <summary>One model on one host in <see cref="FleetView"/>.</summary>
public sealed record FleetModelView(string Model, string? ServedVersion, string? DesiredVersion, ModelState State, string? LastError);
