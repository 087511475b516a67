namespace Hotswap.Contracts.Fleet;

/// <summary>What the dashboard asks of a host over its fleet connection, so no inbound route to the host is needed.</summary>
public interface IFleetHubClient
{
    /// <summary>Read the desired state now, for <paramref name="model"/> (null: every model), and report what follows.</summary>
    Task Refresh(string? model, string reason);
}
