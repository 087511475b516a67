namespace Hotswap.Contracts.Fleet;

/// <summary>Where hosts announce themselves to the dashboard, and where scripts read the fleet.</summary>
public static class FleetPaths
{
    /// <summary>The dashboard's hub a long-running host keeps an outbound connection to (<see cref="IFleetHub"/>).</summary>
    public const string Hub = "/hubs/fleet";

    /// <summary>Where a host in <c>OnRequest</c> mode (Lambda) POSTs a <see cref="FleetReport"/> after a check.</summary>
    public const string Reports = "/api/fleet/reports";

    /// <summary>The fleet as JSON (<see cref="FleetView"/>), for a signed-in viewer or a <c>Dashboard:ApiTokens</c> bearer.</summary>
    public const string Fleet = "/api/fleet";
}
