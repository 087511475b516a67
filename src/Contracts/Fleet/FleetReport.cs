using Hotswap.Contracts.Status;

namespace Hotswap.Contracts.Fleet;

/// <summary>A host without a long-lived connection (<c>OnRequest</c> mode, Lambda) POSTs this to <see cref="FleetPaths.Reports"/> after a check.</summary>
public sealed record FleetReport(HostAnnouncement Host, HostStatus Status);
