using System.Threading.Channels;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Observability;
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
    private readonly TimeProvider _time;
    private readonly string _hostId;
    private readonly ILogger _logger;
    private readonly Channel<(TaskCompletionSource Done, string Trigger)> _requests = Channel.CreateUnbounded<(TaskCompletionSource, string)>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private ModelEntry? _target;
    private WorkerStatus _status = new(ModelState.Pending);
    private int _forceNext;

    public ModelWorker(ModelSlot slot, ModelLoader loader, SwapEvents events, SwapOptions options, TimeProvider time, string hostId, ILogger logger)
    {
        _slot = slot;
        _loader = loader;
        _events = events;
        _options = options;
        _time = time;
        _hostId = hostId;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public string Model => _slot.Model;

    public ModelSlot Slot => _slot;

    public WorkerStatus Status => Volatile.Read(ref _status);

    public ModelEntry? Target => Volatile.Read(ref _target);

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
        _slot.Exchange(null)?.Retire();
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

    private async Task ConvergeOnceAsync(string trigger, CancellationToken cancellationToken)
    {
        var target = Target!;
        var served = _slot.Current;
        if (served is not null && Serves(served, target))
        {
            SetStatus(new WorkerStatus(ModelState.Serving));
            return;
        }

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
            if (served is not null && _options.Policy == SwapPolicy.ResourcePreserving)
            {
                // Memory-capped host: release the old version before loading the new; requests meanwhile get 503.
                _slot.Exchange(null);
                served.Retire();
                released = true;
                await served.Released.WaitAsync(cancellationToken);

                // Hand the released session's pages back before the new one loads. Only here: trimming walks glibc's
                // arenas under their locks, which stalls the requests of a host that keeps serving through a swap.
                NativeHeap.Trim();
            }

            var loaded = await _loader.LoadAsync(Model, target, served?.Signature, force, cancellationToken);
            using (SwapTracing.StartPhase(SwapTracing.PublishPhase))
            {
                Publish(loaded.Model);
            }

            SetStatus(new WorkerStatus(ModelState.Serving));
            SwapTracing.Succeeded(trace);
            _events.SwapSucceeded(new SwapSucceeded(_hostId, swapId, Model, served?.Version.Version, target.Version, loaded.Model.Version.Sha256, loaded.Durations, _time.GetUtcNow()));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failures = status.FailedVersion == target.Version ? status.Failures + 1 : 1;
            var delay = TimeSpan.FromTicks(Math.Min(_options.RetryMaxDelay.Ticks, _options.RetryBaseDelay.Ticks << Math.Min(failures - 1, 20)));
            var nextRetry = _time.GetUtcNow() + delay;
            var reason = e is SwapException ? e.Message : $"{Model} version {target.Version}: unexpected {e.GetType().Name}: {e.Message}";
            if (released)
            {
                await RestoreAsync(served!, cancellationToken);
            }

            SetStatus(new WorkerStatus(ModelState.Failed, reason, nextRetry, target.Version, failures));
            SwapTracing.Failed(trace, reason);
            _events.SwapFailed(new SwapFailed(_hostId, swapId, Model, _slot.Current?.Version.Version, target.Version, reason, nextRetry, _time.GetUtcNow()));
        }
    }

    /// <summary>After a failed resource-preserving swap, loads the version that was released (from the cache) again.</summary>
    private async Task RestoreAsync(ServedModel previous, CancellationToken cancellationToken)
    {
        var entry = new ModelEntry { Version = previous.Version.Version, Path = previous.Version.Location, Sha256 = previous.Version.Sha256 };
        try
        {
            Publish((await _loader.LoadAsync(Model, entry, null, force: true, cancellationToken)).Model);
        }
        catch (SwapException e)
        {
            WorkerLog.RestoreFailed(_logger, Model, previous.Version.Version, e);
        }
    }

    private void Publish(ServedModel next)
    {
        if (_slot.Exchange(next) is { } old)
        {
            old.Retire();
            _ = old.Released.ContinueWith(_ => SwapLog.Released(_logger, Model, old.Version.Version), TaskScheduler.Default);
        }
    }

    private static bool Serves(ServedModel served, ModelEntry target) =>
        served.Version.Version == target.Version &&
        (target.Sha256 is not { Length: > 0 } sha || sha.Equals(served.Version.Sha256, StringComparison.OrdinalIgnoreCase));

    private void SetStatus(WorkerStatus status) => Volatile.Write(ref _status, status);
}

internal static partial class WorkerLog
{
    [LoggerMessage(1101, LogLevel.Error, "{Model}: restoring version {Version} after a failed resource-preserving swap failed too; the model is unavailable until the next swap")]
    public static partial void RestoreFailed(ILogger logger, string model, string version, Exception exception);
}
