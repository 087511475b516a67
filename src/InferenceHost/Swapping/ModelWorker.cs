using System.Threading.Channels;
using Hotswap.Contracts.Status;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Status;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Converges one model's slot on its desired entry, one pass at a time. Requests to converge queue up and are served
/// together by the next pass, which always aims at the latest desired entry: concurrent commands are serialized and
/// the last one wins. A pass swaps the served version (<see cref="ServedSwap"/>), then the candidate
/// (<see cref="CandidateLifecycle"/>), and publishes what is loaded with its route (<see cref="VersionRouting"/>). A
/// pass that fails unexpectedly is reported to <see cref="BackgroundFaults"/> and tried again after a backoff: the
/// loop never ends before the worker is disposed.
/// </summary>
public sealed class ModelWorker : IAsyncDisposable
{
    private readonly ModelSlot _slot;
    private readonly ServedSwap _swap;
    private readonly CandidateLifecycle _candidates;
    private readonly GuardOptions _guard;
    private readonly RetryPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly BackgroundFaults _faults;
    private readonly Channel<(TaskCompletionSource Done, string Trigger)> _requests = Channel.CreateUnbounded<(TaskCompletionSource, string)>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private ModelEntry? _target;
    private int _forceNext;
    private WorkerStatus _status = new(ModelState.Pending);
    private WorkerRollout _rollout = WorkerRollout.None;

    // Owned by the loop: how many passes in a row failed, and the timer that starts a pass by itself.
    private RetryState? _passRetry;
    private ITimer? _wakeUp;
    private DateTimeOffset? _wakeUpAt;

    public ModelWorker(ModelSlot slot, IVersionLoader loader, SwapEvents events, SwapOptions options, GuardOptions guard, TimeProvider time, string hostId, ILogger logger, BackgroundFaults faults)
    {
        _slot = slot;
        _swap = new ServedSwap(slot, loader, events, options, guard, time, hostId, logger);
        _candidates = new CandidateLifecycle(slot, loader, options, time, logger);
        _guard = guard;
        _backoff = RetryPolicy.From(options);
        _time = time;
        _faults = faults;
        _loop = Task.Run(RunAsync);
    }

    public string Model => _slot.Model;

    public ModelSlot Slot => _slot;

    public WorkerStatus Status => Volatile.Read(ref _status);

    public ModelEntry? Target => Volatile.Read(ref _target);

    /// <summary>The model's loaded versions, candidate and route, as the worker last published them.</summary>
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
        var loaded = Rollout.Loaded;
        _slot.SetRollout(null);
        _slot.Exchange(null)?.Retire();
        loaded.Candidate?.Retire();
        loaded.Previous?.Retire();
        _wakeUp?.Dispose();
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
                    _passRetry = null;
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down: the pending callers are released below.
            }
            catch (Exception e)
            {
                _faults.Report($"worker {Model}", e);
                _passRetry = _backoff.Failed(_passRetry, null, _time.GetUtcNow());
            }
            finally
            {
                WakeUpAt(_passRetry?.NextAttemptAt, Rollout.Loaded.KeepPreviousUntil);
                batch.ForEach(r => r.Done.TrySetResult());
                batch.Clear();
            }
        }
    }

    /// <summary>One pass: the served version first, then the candidate, then how requests meet them.</summary>
    private async Task ConvergeOnceAsync(string trigger, CancellationToken cancellationToken)
    {
        var target = Target!;
        var (loaded, candidate, _) = Rollout;
        try
        {
            loaded = await _swap.RestoreAsync(_swap.ExpirePrevious(loaded), cancellationToken);
            if (loaded.Served is { } served && LoadedVersions.Serves(served, target))
            {
                SetStatus(new WorkerStatus(ModelState.Serving));
            }
            else
            {
                var force = Interlocked.Exchange(ref _forceNext, 0) == 1;
                var status = Status;
                if (force || status.Retry?.Waits(target.Version, _time.GetUtcNow()) != true)
                {
                    SetStatus(status with { State = ModelState.Swapping });
                    (loaded, status) = await _swap.SwapAsync(loaded, target, status, force, trigger, cancellationToken);
                    SetStatus(status);
                }
            }

            (loaded, candidate, var loadNow) = _candidates.Settle(loaded, candidate, CandidateLifecycle.Desired(target, loaded));
            if (loadNow)
            {
                Publish(loaded, candidate);
                (loaded, candidate) = await _candidates.LoadAsync(loaded, candidate, cancellationToken);
            }
        }
        finally
        {
            Publish(loaded, candidate);
        }
    }

    /// <summary>Publishes what is loaded, and the route that follows from it, to the slot and to readers.</summary>
    private void Publish(LoadedVersions loaded, CandidateLoad candidate)
    {
        var route = VersionRouting.Route(loaded, candidate.Desired, _guard);
        _slot.SetRollout(route.Slot);
        Volatile.Write(ref _rollout, new WorkerRollout(loaded, candidate, route));
    }

    /// <summary>Starts a pass by itself at the earlier of a failed pass's retry and the end of the previous version's keep time.</summary>
    private void WakeUpAt(DateTimeOffset? retry, DateTimeOffset? keepPreviousUntil)
    {
        var at = retry < keepPreviousUntil || keepPreviousUntil is null ? retry : keepPreviousUntil;
        if (at == _wakeUpAt && at > _time.GetUtcNow())
        {
            return;
        }

        _wakeUp?.Dispose();
        _wakeUpAt = at;
        var trigger = at == retry ? "retry after a failed pass" : "previous version's keep time ended";
        var delay = at - _time.GetUtcNow() is { } d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
        _wakeUp = at is null ? null : _time.CreateTimer(_ => ConvergeAgain(trigger), null, delay, Timeout.InfiniteTimeSpan);
    }

    private void ConvergeAgain(string trigger)
    {
        if (Target is { } target)
        {
            _ = ConvergeAsync(target, trigger);
        }
    }

    private void SetStatus(WorkerStatus status) => Volatile.Write(ref _status, status);
}
