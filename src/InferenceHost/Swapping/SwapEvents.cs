using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Swapping;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>Hands each event to every listener; a listener that throws is logged and does not stop the others.</summary>
public sealed class SwapEvents(IEnumerable<ISwapListener> listeners, ILogger<SwapEvents> logger)
{
    private readonly ISwapListener[] _listeners = [.. listeners];

    public void CheckCompleted(CheckCompleted e) => Raise(e, static (l, e) => l.OnCheckCompleted(e));

    public void DesiredStateChanged(DesiredStateChanged e) => Raise(e, static (l, e) => l.OnDesiredStateChanged(e));

    public void SwapStarted(SwapStarted e) => Raise(e, static (l, e) => l.OnSwapStarted(e));

    public void SwapSucceeded(SwapSucceeded e) => Raise(e, static (l, e) => l.OnSwapSucceeded(e));

    public void SwapFailed(SwapFailed e) => Raise(e, static (l, e) => l.OnSwapFailed(e));

    public void ModelRemoved(ModelRemoved e) => Raise(e, static (l, e) => l.OnModelRemoved(e));

    public void ValidationWarning(ValidationWarning e) => Raise(e, static (l, e) => l.OnValidationWarning(e));

    public void RolloutStats(RolloutStats e) => Raise(e, static (l, e) => l.OnRolloutStats(e));

    public void AutoRolledBack(AutoRollback e) => Raise(e, static (l, e) => l.OnAutoRolledBack(e));

    private void Raise<T>(T e, Action<ISwapListener, T> raise)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                raise(listener, e);
            }
            catch (Exception ex)
            {
                SwapLog.ListenerFailed(logger, listener.GetType().Name, typeof(T).Name, ex);
            }
        }
    }
}
