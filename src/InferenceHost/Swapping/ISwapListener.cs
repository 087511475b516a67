using Hotswap.Contracts.Swapping;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Receives the lifecycle of checks and swaps. Logging and the hub are listeners; nothing in the swap path knows them.
/// Calls come from the swap path, so a listener must return quickly and queue anything slow.
/// </summary>
public interface ISwapListener
{
    void OnCheckCompleted(CheckCompleted e);

    void OnDesiredStateChanged(DesiredStateChanged e);

    void OnSwapStarted(SwapStarted e);

    void OnSwapSucceeded(SwapSucceeded e);

    void OnSwapFailed(SwapFailed e);

    void OnModelRemoved(ModelRemoved e);
}
