using System.Threading.Channels;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Status;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Converges one model's slot on its desired entry, one swap at a time. Requests to converge queue up and are served
/// together by the next pass, which always aims at the latest desired entry: concurrent commands are serialized and
/// the last one wins. A failed swap keeps the served version, and is retried with exponential backoff. A pass that
/// fails unexpectedly is reported to <see cref="BackgroundFaults"/> and tried again after a backoff: the loop never ends
/// before the worker is disposed.
/// </summary>
public sealed partial class ModelWorker : IAsyncDisposable
{
    private readonly ModelSlot _slot;
    private readonly ModelLoader _loader;
    private readonly SwapEvents _events;
    private readonly SwapOptions _options;
    private readonly GuardOptions _guard;
    private readonly TimeProvider _time;
    private readonly string _hostId;
    private readonly ILogger _logger;
    private readonly BackgroundFaults _faults;
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

    // Owned by the loop: a version released by a resource-preserving swap that could not be restored yet, and how many passes in a row failed.
    private ServedModel? _released;
    private int _passFailures;
    private ITimer? _retryTimer;

    public ModelWorker(ModelSlot slot, ModelLoader loader, SwapEvents events, SwapOptions options, GuardOptions guard, TimeProvider time, string hostId, ILogger logger, BackgroundFaults faults)
    {
        _slot = slot;
        _loader = loader;
        _events = events;
        _options = options;
        _guard = guard;
        _time = time;
        _hostId = hostId;
        _logger = logger;
        _faults = faults;
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
        _retryTimer?.Dispose();
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
                    _passFailures = 0;
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down: the pending callers are released below.
            }
            catch (Exception e)
            {
                _faults.Report($"worker {Model}", e);
                ConvergeLater(Backoff(++_passFailures));
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
            if (_slot.Current is null && _released is { } released)
            {
                await RestoreAsync(released, cancellationToken);
            }

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

            LoadedVersion loaded;
            if (warm is not null)
            {
                loaded = new LoadedVersion(warm, new SwapDurations(0, 0, 0, 0, 0));
            }
            else
            {
                // Downloaded and verified before anything is released: a version that cannot be fetched changes nothing.
                using var fetched = await _loader.FetchAsync(Model, target, cancellationToken);
                if (served is not null && _options.Policy == SwapPolicy.ResourcePreserving)
                {
                    await ReleaseAsync(served, cancellationToken);
                    released = true;
                }

                loaded = await _loader.LoadAsync(fetched, served?.Signature, force, cancellationToken);
            }

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

    /// <summary>A load's failure as status shows it: a <see cref="SwapException"/> already names the version and the problem.</summary>
    private static string Reason(Exception e, string what) => e is SwapException ? e.Message : $"{what}: unexpected {e.GetType().Name}: {e.Message}";

    private TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(_options.RetryMaxDelay.Ticks, _options.RetryBaseDelay.Ticks << Math.Min(failures - 1, 20)));

    /// <summary>Starts a pass after <paramref name="delay"/>, aimed at the target of that moment.</summary>
    private void ConvergeLater(TimeSpan delay)
    {
        _retryTimer?.Dispose();
        _retryTimer = _time.CreateTimer(static state => ((ModelWorker)state!).ConvergeAgain("retry after a failed pass"), this, delay, Timeout.InfiniteTimeSpan);
    }

    private void ConvergeAgain(string trigger)
    {
        if (Target is { } target)
        {
            _ = ConvergeAsync(target, trigger);
        }
    }

    private static bool Serves(ServedModel served, ModelEntry target) =>
        served.Version.Version == target.Version &&
        (target.Sha256 is not { Length: > 0 } sha || sha.Equals(served.Version.Sha256, StringComparison.OrdinalIgnoreCase));

    private void SetStatus(WorkerStatus status) => Volatile.Write(ref _status, status);
}
