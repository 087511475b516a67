using Hotswap.Contracts.Status;

namespace Hotswap.Contracts.Swapping;

/// <summary>What a host's hub (<c>/hubs/swap</c>) pushes to its clients.</summary>
public interface ISwapHubClient
{
    /// <summary>The whole host status, once on connect.</summary>
    Task Status(HostStatus status);

    Task SwapStarted(SwapStarted e);

    Task SwapSucceeded(SwapSucceeded e);

    Task SwapFailed(SwapFailed e);

    Task ModelRemoved(ModelRemoved e);

    Task DesiredStateChanged(DesiredStateChanged e);

    Task CheckCompleted(CheckCompleted e);
}
