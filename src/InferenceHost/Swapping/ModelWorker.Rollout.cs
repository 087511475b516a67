using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>The worker's second versions: the candidate of a rollout, the previous version kept warm after a swap, and how requests meet them.</summary>
public sealed partial class ModelWorker
{
    /// <summary>
    /// Loads the candidate the desired state names (validated against the served version's signature and warmed, like a
    /// swap) or lets go of one it no longer names. A failed load is retried with the same backoff as a swap.
    /// </summary>
    private async Task ConvergeCandidateAsync(ModelEntry target, CancellationToken cancellationToken)
    {
        var desired = target.Candidate is { } c && c.Version != target.Version && _slot.Current is not null ? c : null;
        var rollout = Rollout;
        if (desired is null || (_candidate is not null && !Serves(_candidate, desired.ToEntry())))
        {
            RetireCandidate();
        }

        if (desired is null)
        {
            SetRollout(rollout with { Desired = null, State = null, Error = null, NextRetryAt = null });
            return;
        }

        if (_candidate is not null)
        {
            SetRollout(rollout with { Desired = desired, State = CandidateState.Ready, Error = null, NextRetryAt = null });
            return;
        }

        var sameAsFailed = rollout is { State: CandidateState.Failed } && rollout.Desired?.Version == desired.Version;
        if (sameAsFailed && rollout.NextRetryAt > _time.GetUtcNow())
        {
            SetRollout(rollout with { Desired = desired });
            return;
        }

        SetRollout(rollout with { Desired = desired, State = CandidateState.Loading });
        try
        {
            _candidate = (await _loader.LoadAsync(Model, desired.ToEntry(), _slot.Current?.Signature, force: false, cancellationToken)).Model;
            SetRollout(Rollout with { State = CandidateState.Ready, Error = null, NextRetryAt = null });
            _candidateFailures = 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _candidateFailures = sameAsFailed ? _candidateFailures + 1 : 1;
            var reason = Reason(e, $"{Model} candidate version {desired.Version}");
            SetRollout(Rollout with { State = CandidateState.Failed, Error = reason, NextRetryAt = _time.GetUtcNow() + Backoff(_candidateFailures) });
            WorkerLog.CandidateFailed(_logger, Model, desired.Version, reason);
        }
    }

    /// <summary>The loaded candidate or the warm previous version when <paramref name="target"/> is one of them, taken from where it was kept.</summary>
    private ServedModel? TakeWarm(ModelEntry target, out bool rollingBack)
    {
        rollingBack = false;
        if (_candidate is { } candidate && Serves(candidate, target))
        {
            _candidate = null;
            return candidate;
        }

        if (_previous is { } previous && Serves(previous, target))
        {
            rollingBack = true;
            _previous = null;
            _guardUntil = null;
            return previous;
        }

        return null;
    }

    /// <summary>
    /// Publishes <paramref name="next"/>. The version it replaces stays loaded for the guard window when it may be rolled
    /// back to (not after a rollback, and not on a memory-capped host), otherwise it is retired.
    /// </summary>
    private void Publish(ServedModel next, bool keepPreviousWarm)
    {
        var keep = keepPreviousWarm && _guard.Window > TimeSpan.Zero && _options.Policy == SwapPolicy.AvailabilityPreserving;
        if (keep && _slot.Current is { } current)
        {
            // Before the exchange, so that no request meets the new version without the old one to stand in for it.
            _slot.SetRollout(AfterSwap(current));
        }

        var old = _slot.Exchange(next);
        if (old is null)
        {
            return;
        }

        if (keep)
        {
            Retire(_previous);
            _previous = old;
            _guardUntil = _time.GetUtcNow() + _guard.Window;
            _guardTimer?.Dispose();
            _guardTimer = _time.CreateTimer(static worker => ((ModelWorker)worker!).ConvergeAgain("guard window ended"), this, _guard.Window, Timeout.InfiniteTimeSpan);
        }
        else
        {
            Retire(old);
        }
    }

    private void RetirePreviousOnceGuarded()
    {
        if (_guardUntil <= _time.GetUtcNow())
        {
            RetirePrevious();
        }
    }

    private void RetirePrevious()
    {
        if (_previous is { } previous)
        {
            _slot.SetRollout(null);
            _previous = null;
            _guardUntil = null;
            Retire(previous);
        }
    }

    private void RetireCandidate()
    {
        if (_candidate is { } candidate)
        {
            _slot.SetRollout(null);
            _candidate = null;
            Retire(candidate);
        }
    }

    private void Retire(ServedModel? model)
    {
        if (model is null)
        {
            return;
        }

        model.Retire();
        _ = model.Released.ContinueWith(_ => SwapLog.Released(_logger, Model, model.Version.Version), TaskScheduler.Default);
    }

    /// <summary>Sets how requests meet the second version: the candidate when there is one, else the warm previous version.</summary>
    private void Route()
    {
        var desired = Rollout.Desired;
        SlotRollout? route = null;
        if (_candidate is { } candidate && desired is not null)
        {
            route = new SlotRollout(candidate, desired.Mode == RolloutMode.Canary ? RolloutPhase.Canary : RolloutPhase.Shadow, desired.Weight, mirrors: true, _guard.StickyHeader);
        }
        else if (_previous is { } previous && _slot.Current is not null)
        {
            route = AfterSwap(previous);
        }

        _slot.SetRollout(route);
        SetRollout(Rollout with { Candidate = _candidate, Previous = _previous, GuardUntil = _guardUntil });
    }

    private SlotRollout AfterSwap(ServedModel previous) =>
        new(previous, RolloutPhase.AfterSwap, 0, mirrors: _guard.MaxDrift is not null, _guard.StickyHeader);

    private void SetRollout(WorkerRollout rollout) => Volatile.Write(ref _rollout, rollout);
}
