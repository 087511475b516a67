using Hotswap.Contracts.Swapping;

namespace Hotswap.Contracts.Fleet;

/// <summary>
/// What a host calls on the dashboard's fleet hub (<see cref="FleetPaths.Hub"/>), authenticated with the fleet token:
/// <see cref="Register"/> first, then the host's status after every change (<see cref="ISwapHubClient.Status"/>) and
/// the same events its own swap hub pushes, in the order they happened.
/// </summary>
public interface IFleetHub : ISwapHubClient
{
    /// <summary>
    /// Registers the connection as <see cref="HostAnnouncement.HostId"/> with its status; refused (a hub error) when
    /// another connected host holds that id.
    /// </summary>
    Task Register(HostAnnouncement announcement, Status.HostStatus status);
}
