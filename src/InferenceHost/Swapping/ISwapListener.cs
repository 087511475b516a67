using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Swapping;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Receives the lifecycle of checks, swaps and rollouts. Logging, metrics and the hub are listeners; nothing in the
/// swap path knows them. Each implements the events it cares for. Calls come from the swap path and the guard, so a
/// listener must return quickly and queue anything slow.
/// </summary>
public interface ISwapListener
{
    void OnCheckCompleted(CheckCompleted e) { }

    void OnDesiredStateChanged(DesiredStateChanged e) { }

    void OnSwapStarted(SwapStarted e) { }

    void OnSwapSucceeded(SwapSucceeded e) { }

    void OnSwapFailed(SwapFailed e) { }

    void OnModelRemoved(ModelRemoved e) { }

    /// <summary>A version loaded that nothing could validate; it is served unless <c>Swap:RequireValidation</c> is on.</summary>
    void OnValidationWarning(ValidationWarning e) { }

    /// <summary>Every guard evaluation, for every model served.</summary>
    void OnRolloutStats(RolloutStats e) { }

    /// <summary>This host's guard fired and wrote the rollback to the store.</summary>
    void OnAutoRolledBack(AutoRollback e) { }
}
