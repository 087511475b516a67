using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Swaps a model's served version, one step of its worker at a time: each step takes the <see cref="LoadedVersions"/>
/// and returns what it became. A promotion takes the loaded candidate and a rollback the warm previous version; any
/// other version is fetched and loaded, on a memory-capped host (<see cref="SwapPolicy.ResourcePreserving"/>) after
/// releasing the served version, which comes back from the cache when the new one cannot be loaded. The version a
/// swap replaces stays loaded for <see cref="SwapOptions.KeepPreviousFor"/>.
/// </summary>
internal sealed class ServedSwap(ModelSlot slot, IVersionLoader loader, SwapEvents events, SwapOptions options, GuardOptions guard, TimeProvider time, string hostId, ILogger logger)
{
    private static readonly SwapDurations NoLoad = new(0, 0, 0, 0, 0);
    private readonly RetryPolicy _backoff = RetryPolicy.From(options);

    private string Model => slot.Model;

    /// <summary>
    /// Swaps to <paramref name="target"/>. A failure keeps the served version (restored, on a memory-capped host) and
    /// is retried after a backoff counted from <paramref name="status"/>.
    /// </summary>
    public async Task<(LoadedVersions Loaded, WorkerStatus Status)> SwapAsync(LoadedVersions loaded, ModelEntry target, WorkerStatus status, bool force, string trigger, CancellationToken cancellationToken)
    {
        var served = loaded.Served;
        var swapId = Guid.NewGuid().ToString("N")[..12];
        var started = new SwapStarted(hostId, swapId, Model, served?.Version.Version, target.Version, trigger, time.GetUtcNow());
        using var trace = SwapTracing.StartSwap(started);
        events.SwapStarted(started);
        try
        {
            var (warm, rollingBack) = TakeWarm(ref loaded, target);
            LoadedVersion next;
            if (warm is not null)
            {
                // Already validated and warm: the swap is a single exchange.
                next = new LoadedVersion(warm, NoLoad);
            }
            else
            {
                // Another version is on its way: the warm one would make three loaded at once.
                loaded = RetirePrevious(loaded);

                // Downloaded and verified before anything is released: a version that cannot be fetched changes nothing.
                using var fetched = await loader.FetchAsync(Model, target, cancellationToken);
                if (served is not null && options.Policy == SwapPolicy.ResourcePreserving)
                {
                    loaded = await ReleaseAsync(loaded, served, cancellationToken);
                }

                next = await loader.LoadAsync(fetched, served?.Signature, force, cancellationToken);
            }

            using (SwapTracing.StartPhase(SwapTracing.PublishPhase))
            {
                loaded = Publish(loaded with { Released = null }, next.Model, keepPrevious: !rollingBack);
            }

            SwapTracing.Succeeded(trace);
            events.SwapSucceeded(new SwapSucceeded(hostId, swapId, Model, served?.Version.Version, target.Version, next.Model.Version.Sha256, next.Durations, time.GetUtcNow(), next.Model.Version.Verification));
            return (loaded, new WorkerStatus(ModelState.Serving));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var retry = _backoff.Failed(status.Retry, target.Version, time.GetUtcNow());
            var reason = SwapException.Reason(e, $"{Model} version {target.Version}");
            loaded = await RestoreAsync(loaded, cancellationToken);
            SwapTracing.Failed(trace, reason);
            events.SwapFailed(new SwapFailed(hostId, swapId, Model, loaded.Served?.Version.Version, target.Version, reason, retry.NextAttemptAt, time.GetUtcNow()));
            return (loaded, new WorkerStatus(ModelState.Failed, reason, retry));
        }
    }

    /// <summary>
    /// Loads the version a resource-preserving swap released again, from its cached file and without reading the store,
    /// when nothing is served; should that fail too, the next step tries again.
    /// </summary>
    public async Task<LoadedVersions> RestoreAsync(LoadedVersions loaded, CancellationToken cancellationToken)
    {
        if (loaded is not { Served: null, Released: { } released })
        {
            return loaded;
        }

        try
        {
            return Publish(loaded with { Released = null }, await loader.ReloadAsync(released, cancellationToken), keepPrevious: false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WorkerLog.RestoreFailed(logger, Model, released.Version.Version, e);
            return loaded;
        }
    }

    /// <summary>Retires the previous version once its keep time has passed.</summary>
    public LoadedVersions ExpirePrevious(LoadedVersions loaded) =>
        loaded.KeepPreviousUntil <= time.GetUtcNow() ? RetirePrevious(loaded) : loaded;

    /// <summary>The loaded candidate or the warm previous version when <paramref name="target"/> is one of them, taken from where it was kept.</summary>
    private static (ServedModel? Warm, bool RollingBack) TakeWarm(ref LoadedVersions loaded, ModelEntry target)
    {
        if (loaded.Candidate is { } candidate && LoadedVersions.Serves(candidate, target))
        {
            loaded = loaded with { Candidate = null };
            return (candidate, false);
        }

        if (loaded.Previous is { } previous && LoadedVersions.Serves(previous, target))
        {
            loaded = loaded with { Previous = null, KeepPreviousUntil = null };
            return (previous, true);
        }

        return (null, false);
    }

    /// <summary>Memory-capped host: releases the served version before the new one loads; requests meanwhile get 503.</summary>
    private async Task<LoadedVersions> ReleaseAsync(LoadedVersions loaded, ServedModel served, CancellationToken cancellationToken)
    {
        slot.SetRollout(null);
        slot.Exchange(null);
        served.Retire();
        await served.Released.WaitAsync(cancellationToken);

        // Hand the released session's pages back before the new one loads. Only here: trimming walks glibc's
        // arenas under their locks, which stalls the requests of a host that keeps serving through a swap.
        NativeHeap.Trim();
        return loaded with { Served = null, Released = served };
    }

    /// <summary>
    /// Publishes <paramref name="next"/>. The version it replaces stays loaded for Swap:KeepPreviousFor when it may be
    /// rolled back to (not after a rollback, and not on a memory-capped host), otherwise it is retired.
    /// </summary>
    private LoadedVersions Publish(LoadedVersions loaded, ServedModel next, bool keepPrevious)
    {
        var keep = keepPrevious && options.KeepPreviousFor > TimeSpan.Zero && options.Policy == SwapPolicy.AvailabilityPreserving;
        if (keep && slot.Current is { } current)
        {
            // Before the exchange, so that no request meets the new version without the old one to stand in for it.
            slot.SetRollout(VersionRouting.AfterSwap(current, guard));
        }

        loaded = loaded with { Served = next };
        if (slot.Exchange(next) is not { } old)
        {
            return loaded;
        }

        if (!keep)
        {
            old.RetireLogged(logger);
            return loaded;
        }

        loaded.Previous?.RetireLogged(logger);
        return loaded with { Previous = old, KeepPreviousUntil = time.GetUtcNow() + options.KeepPreviousFor };
    }

    private LoadedVersions RetirePrevious(LoadedVersions loaded)
    {
        if (loaded.Previous is not { } previous)
        {
            return loaded;
        }

        slot.SetRollout(null);
        previous.RetireLogged(logger);
        return loaded with { Previous = null, KeepPreviousUntil = null };
    }
}
