using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// A rollout's candidate on this host: loaded beside the served version when the desired state names one (validated
/// against the served version's signature and warmed, like a swap), let go of when it no longer does. A failed load is
/// retried with the same backoff as a swap.
/// </summary>
internal sealed class CandidateLifecycle(ModelSlot slot, IVersionLoader loader, SwapOptions options, TimeProvider time, ILogger logger)
{
    private readonly RetryPolicy _backoff = RetryPolicy.From(options);

    /// <summary>The candidate <paramref name="target"/> asks for, once a version is served; none when it names the served version itself.</summary>
    public static RolloutCandidate? Desired(ModelEntry target, LoadedVersions loaded) =>
        target.Candidate is { } candidate && candidate.Version != target.Version && loaded.Served is not null ? candidate : null;

    /// <summary>
    /// Everything short of loading: lets go of a candidate no longer desired, and says whether the desired one must be
    /// loaded now (not while a failed load of it waits out its backoff).
    /// </summary>
    public (LoadedVersions Loaded, CandidateLoad State, bool LoadNow) Settle(LoadedVersions loaded, CandidateLoad state, RolloutCandidate? desired)
    {
        if (loaded.Candidate is { } candidate && (desired is null || !LoadedVersions.Serves(candidate, desired.ToEntry())))
        {
            slot.SetRollout(null);
            candidate.RetireLogged(logger);
            loaded = loaded with { Candidate = null };
        }

        if (desired is null)
        {
            return (loaded, CandidateLoad.None, false);
        }

        if (loaded.Candidate is not null)
        {
            return (loaded, new CandidateLoad(desired, CandidateState.Ready, null, null), false);
        }

        return state is { State: CandidateState.Failed, Retry: { } retry } && retry.Waits(desired.Version, time.GetUtcNow())
            ? (loaded, state with { Desired = desired }, false)
            : (loaded, state with { Desired = desired, State = CandidateState.Loading }, true);
    }

    /// <summary>Loads the candidate <paramref name="loading"/> names; a failure leaves the served version answering everything.</summary>
    public async Task<(LoadedVersions Loaded, CandidateLoad State)> LoadAsync(LoadedVersions loaded, CandidateLoad loading, CancellationToken cancellationToken)
    {
        var desired = loading.Desired!;
        try
        {
            var candidate = (await loader.LoadAsync(slot.Model, desired.ToEntry(), loaded.Served?.Signature, force: false, cancellationToken)).Model;
            return (loaded with { Candidate = candidate }, new CandidateLoad(desired, CandidateState.Ready, null, null));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = SwapException.Reason(e, $"{slot.Model} candidate version {desired.Version}");
            WorkerLog.CandidateFailed(logger, slot.Model, desired.Version, reason);
            return (loaded, loading with { State = CandidateState.Failed, Error = reason, Retry = _backoff.Failed(loading.Retry, desired.Version, time.GetUtcNow()) });
        }
    }
}
