using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// <see cref="SwapPolicy.ResourcePreserving"/>: the served version is released only once the new one is downloaded and
/// verified, and comes back from the cache, without a store read, when the new one cannot be loaded.
/// </summary>
public sealed partial class ModelWorker
{
    /// <summary>Memory-capped host: releases the served version before the new one loads; requests meanwhile get 503.</summary>
    private async Task ReleaseAsync(ServedModel served, CancellationToken cancellationToken)
    {
        _slot.SetRollout(null);
        _slot.Exchange(null);
        served.Retire();
        await served.Released.WaitAsync(cancellationToken);

        // Hand the released session's pages back before the new one loads. Only here: trimming walks glibc's
        // arenas under their locks, which stalls the requests of a host that keeps serving through a swap.
        NativeHeap.Trim();
    }

    /// <summary>
    /// After a failed resource-preserving swap, loads the released version again from its cached file, without reading
    /// the store. Should that fail too, the next pass tries again before anything else.
    /// </summary>
    private async Task RestoreAsync(ServedModel released, CancellationToken cancellationToken)
    {
        try
        {
            Publish(await _loader.ReloadAsync(released, cancellationToken), keepPreviousWarm: false);
            _released = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _released = released;
            WorkerLog.RestoreFailed(_logger, Model, released.Version.Version, e);
        }
    }
}
