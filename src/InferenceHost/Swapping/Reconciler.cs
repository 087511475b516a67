using System.Collections.Immutable;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Status;
using Hotswap.Registry;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Storage;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Reads the desired state (conditionally: an unchanged manifest is a 304) and sets each model's worker on its
/// entry: models added to the manifest get a slot and a worker, models removed from it are unloaded. A failed read,
/// an unreadable or empty manifest, or a manifest gone missing changes nothing that is served; the last good manifest
/// stays in force.
/// </summary>
public sealed class Reconciler : IAsyncDisposable
{
    private readonly ModelRegistry _registry;
    private readonly ServingCatalog _catalog;
    private readonly IVersionLoader _loader;
    private readonly SwapEvents _events;
    private readonly SwapOptions _options;
    private readonly GuardOptions _guard;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelWorker> _workerLogger;
    private readonly BackgroundFaults _faults;
    private readonly SemaphoreSlim _checkLock = new(1, 1);
    private ImmutableDictionary<string, ModelWorker> _workers = ImmutableDictionary<string, ModelWorker>.Empty;
    private DesiredStateSnapshot? _desired;
    private CheckOutcome? _lastCheck;
    private long _lastCheckStarted;

    public Reconciler(ModelRegistry registry, ServingCatalog catalog, IVersionLoader loader, SwapEvents events, IOptions<SwapOptions> options, IOptions<GuardOptions> guard, TimeProvider time, ILogger<ModelWorker> workerLogger, BackgroundFaults faults)
    {
        _registry = registry;
        _catalog = catalog;
        _loader = loader;
        _events = events;
        _options = options.Value;
        _guard = guard.Value;
        _time = time;
        _workerLogger = workerLogger;
        _faults = faults;
        HostId = _options.ResolvedHostId;
        _lastCheckStarted = time.GetTimestamp() - (long)(_options.PollInterval.TotalSeconds * time.TimestampFrequency) - 1;
    }

    public string HostId { get; }

    public DesiredStateDocument? Desired => Volatile.Read(ref _desired)?.Document;

    public CheckOutcome? LastCheck => Volatile.Read(ref _lastCheck);

    public IReadOnlyDictionary<string, ModelWorker> Workers => Volatile.Read(ref _workers);

    /// <summary>Monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the start of the latest check.</summary>
    public long LastCheckStarted => Volatile.Read(ref _lastCheckStarted);

    /// <summary>The models this host must serve before it is ready.</summary>
    public IEnumerable<string> ExpectedModels =>
        _options.Models.Length > 0 ? _options.Models : Desired?.Models.Keys ?? Enumerable.Empty<string>();

    /// <summary>Reads the desired state once and sets every worker on it; swaps run in the workers, not here.</summary>
    public async Task CheckAsync(string trigger, CancellationToken cancellationToken)
    {
        await _checkLock.WaitAsync(cancellationToken);
        try
        {
            var started = _time.GetTimestamp();
            Volatile.Write(ref _lastCheckStarted, started);
            var previous = Volatile.Read(ref _desired);
            DesiredStateSnapshot? read = null;
            string? error = null;
            try
            {
                read = await _registry.DesiredState.ReadIfChangedAsync(previous?.ETag, cancellationToken);
                if (read is { Missing: true } && previous is { Document.Models.Count: > 0 })
                {
                    // A deleted manifest, a mistyped prefix or a proxy's 404 is not an order to unload the fleet: only a
                    // valid manifest that lists fewer models unloads them.
                    error = $"{_registry.DesiredState.Key} is missing from the store; the {previous.Document.Models.Count} model(s) of the last good manifest stay in force.";
                    read = null;
                }
            }
            catch (Exception e) when (e is StoreException or DesiredStateFormatException)
            {
                error = e.Message;
            }

            var now = _time.GetUtcNow();
            Volatile.Write(ref _lastCheck, new CheckOutcome(now, error));
            _events.CheckCompleted(new CheckCompleted(HostId, read is not null, error, _time.GetElapsedTime(started).TotalMilliseconds, now));
            if (read is not null)
            {
                Volatile.Write(ref _desired, read);
                if (previous is null || !previous.Document.ToJson().AsSpan().SequenceEqual(read.Document.ToJson()))
                {
                    _events.DesiredStateChanged(new DesiredStateChanged(
                        HostId,
                        [.. read.Document.Models.Select(m => new DesiredModel(m.Key, m.Value.Version, m.Value.Pinned, m.Value.UpdatedBy, m.Value.Reason, m.Value.UpdatedAt))],
                        now));
                }
            }

            if (Volatile.Read(ref _desired) is { } desired)
            {
                await ApplyAsync(desired.Document, trigger);
            }
        }
        finally
        {
            _checkLock.Release();
        }
    }

    /// <summary>
    /// Reads the desired state now and waits (bounded by <see cref="SwapOptions.ControlWaitTimeout"/>) until
    /// <paramref name="model"/>'s worker has converged on it. Null when the model is not served by this host.
    /// </summary>
    public async Task<ModelWorker?> ConvergeNowAsync(string model, string trigger, bool force, CancellationToken cancellationToken)
    {
        await CheckAsync(trigger, cancellationToken);
        if (!Workers.TryGetValue(model, out var worker) || Desired?.Find(model) is not { } entry)
        {
            return null;
        }

        try
        {
            await worker.ConvergeAsync(entry, trigger, force).WaitAsync(_options.ControlWaitTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The swap goes on; the caller reports the state the worker is in now.
        }

        return worker;
    }

    /// <summary>
    /// Reads the desired state now and waits, up to <paramref name="bound"/>, until every model's worker has converged
    /// on it; the swaps go on past the bound.
    /// </summary>
    public async Task ConvergeAllNowAsync(string trigger, TimeSpan bound, CancellationToken cancellationToken)
    {
        await CheckAsync(trigger, cancellationToken);
        if (Desired is not { } desired)
        {
            return;
        }

        var passes = Workers
            .Select(w => (Worker: w.Value, Entry: desired.Find(w.Key)))
            .Where(w => w.Entry is not null)
            .Select(w => w.Worker.ConvergeAsync(w.Entry!, trigger));
        try
        {
            await Task.WhenAll(passes).WaitAsync(bound, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The caller reports what is still not served.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in Interlocked.Exchange(ref _workers, ImmutableDictionary<string, ModelWorker>.Empty).Values)
        {
            await worker.DisposeAsync();
        }

        _checkLock.Dispose();
    }

    private async Task ApplyAsync(DesiredStateDocument desired, string trigger)
    {
        var wanted = desired.Models.Where(m => _options.Models.Length == 0 || _options.Models.Contains(m.Key)).ToList();
        foreach (var (model, entry) in wanted)
        {
            if (!_workers.TryGetValue(model, out var worker))
            {
                worker = new ModelWorker(_catalog.GetOrAdd(model), _loader, _events, _options, _guard, _time, HostId, _workerLogger, _faults);
                Volatile.Write(ref _workers, _workers.Add(model, worker));
            }

            _ = worker.ConvergeAsync(entry, trigger);
        }

        foreach (var (model, worker) in _workers.Where(w => !wanted.Any(m => m.Key == w.Key)).ToList())
        {
            Volatile.Write(ref _workers, _workers.Remove(model));
            var lastVersion = worker.Slot.Current?.Version.Version;
            await worker.DisposeAsync();
            _catalog.Remove(model);
            _events.ModelRemoved(new ModelRemoved(HostId, model, lastVersion, _time.GetUtcNow()));
        }
    }
}

/// <summary>When the desired state was last read, and why that read failed if it did.</summary>
public sealed record CheckOutcome(DateTimeOffset At, string? Error);
