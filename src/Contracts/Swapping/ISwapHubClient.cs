using Hotswap.Contracts.Rollouts;
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

    /// <summary>A version loads, but nothing could validate it; it serves anyway (see <see cref="Status.ModelStatus.Validation"/>).</summary>
    Task ValidationWarning(ValidationWarning e);

    Task DesiredStateChanged(DesiredStateChanged e);

    Task CheckCompleted(CheckCompleted e);

    /// <summary>Every guard evaluation (about once a second): each version's figures, drift and how close each rule is to firing.</summary>
    Task RolloutStats(RolloutStats e);

    Task AutoRolledBack(AutoRollback e);

    /// <summary>A background loop of the host failed unexpectedly, caught it and goes on with backoff.</summary>
    Task BackgroundFault(BackgroundFault e);
}
