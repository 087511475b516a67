using System.Threading.Channels;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>Where a model's swaps stand: what failed, why, and when it is tried again.</summary>
public sealed record WorkerStatus(ModelState State, string? LastError = null, DateTimeOffset? NextRetryAt = null, string? FailedVersion = null, int Failures = 0);

/// <summary>
/// Converges one model's slot on its desired entry, one swap at a time. Requests to converge queue up and are served
/// together by the next pass, which always aims at the latest desired entry: concurrent commands are serialized and
/// the last one wins. A failed swap keeps the served version, and is retried with exponential backoff.
/// </summary>
public sealed class ModelWorker : IAsyncDisposable
{
    private readonly ModelSlot _slot;
    private readonly ModelLoader _loader;
    private readonly SwapEvents _events;
    private readonly SwapOptions _options;
    private readonly GuardOptions _guard;
    private readonly TimeProvider _time;
    private readonly string _hostId;
    private readonly ILogger _logger;
    private readonly Channel<(TaskCompletionSource Done, string Trigger)> _requests = Channel.CreateUnbounded<(TaskCompletionSource, string)>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private ModelEntry? _target;
    private WorkerStatus _status = new(ModelState.Pending);
    private int _forceNext;

    // Owned by the loop: the candidate of a rollout and the previous version kept warm after a swap.
    private ServedModel? _candidate;
    private ServedModel? _previous;
    private DateTimeOffset? _guardUntil;
    private ITimer? _guardTimer;
    private WorkerRollout _rollout = WorkerRollout.None;
    private int _candidateFailures;

    public ModelWorker(ModelSlot slot, ModelLoader loader, SwapEvents events, SwapOptions options, GuardOptions guard, TimeProvider time, string hostId, ILogger logger)
    {
        _slot = slot;
        _loader = loader;
        _events = events;
        _options = options;
        _guard = guard;
        _time = time;
        _hostId = hostId;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public string Model => _slot.Model;

    public ModelSlot Slot => _slot;

    public WorkerStatus Status => Volatile.Read(ref _status);

    public ModelEntry? Target => Volatile.Read(ref _target);

    /// <summary>The model's candidate and warm previous version, as the last pass left them (<see cref="Route"/> publishes the loaded versions).</summary>
    public WorkerRollout Rollout => Volatile.Read(ref _rollout);

    /// <summary>Aims at <paramref name="target"/>; completes when a pass that started after this call has finished.</summary>
    public Task ConvergeAsync(ModelEntry target, string trigger, bool force = false)
    {
        Volatile.Write(ref _target, target);
        if (force)
        {
            Volatile.Write(ref _forceNext, 1);
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_requests.Writer.TryWrite((done, trigger)))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    /// <summary>Stops swapping and unloads the served version once its in-flight requests finish.</summary>
    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop;
        _slot.SetRollout(null);
        _slot.Exchange(null)?.Retire();
        _candidate?.Retire();
        _previous?.Retire();
        _guardTimer?.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _requests.Reader;
        var batch = new List<(TaskCompletionSource Done, string Trigger)>();
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                if (!_stopping.IsCancellationRequested)
                {
                    await ConvergeOnceAsync(batch[^1].Trigger, _stopping.Token);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down: the pending callers are released below.
            }
            finally
            {
                batch.ForEach(r => r.Done.TrySetResult());
                batch.Clear();
            }
        }
    }

    /// <summary>One pass: the served version first, then the candidate, then how requests meet them.</summary>
    private async Task ConvergeOnceAsync(string trigger, CancellationToken cancellationToken)
    {
        var target = Target!;
        try
        {
            RetirePreviousOnceGuarded();
            var served = _slot.Current;
            if (served is not null && Serves(served, target))
            {
                SetStatus(new WorkerStatus(ModelState.Serving));
            }
            else
            {
                await SwapAsync(target, served, trigger, cancellationToken);
            }

            await ConvergeCandidateAsync(target, cancellationToken);
        }
        finally
        {
            Route();
        }
    }

    private async Task SwapAsync(ModelEntry target, ServedModel? served, string trigger, CancellationToken cancellationToken)
    {
        var force = Interlocked.Exchange(ref _forceNext, 0) == 1;
        var status = Status;
        if (!force && status.FailedVersion == target.Version && status.NextRetryAt > _time.GetUtcNow())
        {
            return;
        }

        var swapId = Guid.NewGuid().ToString("N")[..12];
        SetStatus(status with { State = ModelState.Swapping });
        var started = new SwapStarted(_hostId, swapId, Model, served?.Version.Version, target.Version, trigger, _time.GetUtcNow());
        using var trace = SwapTracing.StartSwap(started);
        _events.SwapStarted(started);

        var released = false;
        try
        {
            // A promotion takes the loaded candidate, a rollback within the guard window the warm previous version:
            // both are already validated and warm, so the swap is a single exchange.
            var warm = TakeWarm(target, out var rollingBack);
            if (warm is null)
            {
                // Another version is on its way: the warm one would make three loaded at once.
                RetirePrevious();
            }

            if (warm is null && served is not null && _options.Policy == SwapPolicy.ResourcePreserving)
            {
                // Memory-capped host: release the old version before loading the new; requests meanwhile get 503.
                _slot.SetRollout(null);
                _slot.Exchange(null);
                served.Retire();
                released = true;
                await served.Released.WaitAsync(cancellationToken);

                // Hand the released session's pages back before the new one loads. Only here: trimming walks glibc's
                // arenas under their locks, which stalls the requests of a host that keeps serving through a swap.
                NativeHeap.Trim();
            }

            var loaded = warm is not null
                ? new LoadedVersion(warm, new SwapDurations(0, 0, 0, 0, 0))
                : await _loader.LoadAsync(Model, target, served?.Signature, force, cancellationToken);
            using (SwapTracing.StartPhase(SwapTracing.PublishPhase))
            {
                Publish(loaded.Model, keepPreviousWarm: !rollingBack);
            }

            SetStatus(new WorkerStatus(ModelState.Serving));
            SwapTracing.Succeeded(trace);
            _events.SwapSucceeded(new SwapSucceeded(_hostId, swapId, Model, served?.Version.Version, target.Version, loaded.Model.Version.Sha256, loaded.Durations, _time.GetUtcNow(), loaded.Model.Version.Verification));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failures = status.FailedVersion == target.Version ? status.Failures + 1 : 1;
            var nextRetry = _time.GetUtcNow() + Backoff(failures);
            var reason = Reason(e, $"{Model} version {target.Version}");
            if (released)
            {
                await RestoreAsync(served!, cancellationToken);
            }

            SetStatus(new WorkerStatus(ModelState.Failed, reason, nextRetry, target.Version, failures));
            SwapTracing.Failed(trace, reason);
            _events.SwapFailed(new SwapFailed(_hostId, swapId, Model, _slot.Current?.Version.Version, target.Version, reason, nextRetry, _time.GetUtcNow()));
        }
    }

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

    /// <summary>A load's failure as status shows it: a <see cref="SwapException"/> already names the version and the problem.</summary>
    private static string Reason(Exception e, string what) => e is SwapException ? e.Message : $"{what}: unexpected {e.GetType().Name}: {e.Message}";

    private TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(_options.RetryMaxDelay.Ticks, _options.RetryBaseDelay.Ticks << Math.Min(failures - 1, 20)));

    /// <summary>After a failed resource-preserving swap, loads the version that was released (from the cache) again.</summary>
    private async Task RestoreAsync(ServedModel previous, CancellationToken cancellationToken)
    {
        var entry = new ModelEntry { Version = previous.Version.Version, Path = previous.Version.Location, Sha256 = previous.Version.Sha256 };
        try
        {
            Publish((await _loader.LoadAsync(Model, entry, null, force: true, cancellationToken)).Model, keepPreviousWarm: false);
        }
        catch (SwapException e)
        {
            WorkerLog.RestoreFailed(_logger, Model, previous.Version.Version, e);
        }
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
            _guardTimer = _time.CreateTimer(static worker => ((ModelWorker)worker!).GuardWindowEnded(), this, _guard.Window, Timeout.InfiniteTimeSpan);
        }
        else
        {
            Retire(old);
        }
    }

    private void GuardWindowEnded()
    {
        if (Target is { } target)
        {
            _ = ConvergeAsync(target, "guard window ended");
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

    private static bool Serves(ServedModel served, ModelEntry target) =>
        served.Version.Version == target.Version &&
        (target.Sha256 is not { Length: > 0 } sha || sha.Equals(served.Version.Sha256, StringComparison.OrdinalIgnoreCase));

    private void SetStatus(WorkerStatus status) => Volatile.Write(ref _status, status);
}

internal static partial class WorkerLog
{
    [LoggerMessage(1102, LogLevel.Error, "{Model}: candidate version {Version} cannot be loaded; the served version answers everything: {Reason}")]
    public static partial void CandidateFailed(ILogger logger, string model, string version, string reason);

    [LoggerMessage(1101, LogLevel.Error, "{Model}: restoring version {Version} after a failed resource-preserving swap failed too; the model is unavailable until the next swap")]
    public static partial void RestoreFailed(ILogger logger, string model, string version, Exception exception);
}
