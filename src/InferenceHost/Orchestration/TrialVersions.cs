using Hotswap.InferenceHost.Control;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Status;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Registry;

namespace Hotswap.InferenceHost.Orchestration;

/// <summary>
/// Versions an operator tries beside the served ones, such as the dashboard's side-by-side predictions. A trial loads
/// through the same <see cref="ModelLoader"/> as a swap (download, verify, load, validate, warm up), off the request
/// path of normal predictions, and requests that arrive while it loads share that load. At most one trial version per
/// model is loaded: trying another version retires it, and so do <see cref="IdleTimeout"/> without a request and the
/// host's shutdown. Retiring never cuts a trial request short: the session goes once its leases end. A load that fails
/// unexpectedly (not as <see cref="ControlErrors"/> explains to the caller) is reported to <see cref="BackgroundFaults"/> as well as to its requests.
/// </summary>
public sealed class TrialVersions(ServingCatalog catalog, ModelRegistry registry, ModelLoader loader, BackgroundFaults faults, TimeProvider time) : IAsyncDisposable
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long after its load started a version that failed to load answers with that failure, before a request loads it again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Trial> _trials = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private bool _stopped;

    /// <summary>
    /// Leases <paramref name="version"/> of <paramref name="model"/>: the served version when it is that one, otherwise
    /// the model's trial, loaded first if needed. The caller disposes the lease once its request is answered.
    /// </summary>
    /// <exception cref="ArgumentException">The model name or version is not valid.</exception>
    /// <exception cref="VersionNotFoundException">This host does not serve the model, or the version is not in the store.</exception>
    /// <exception cref="SwapException">The version cannot be downloaded, loaded or validated.</exception>
    public async Task<ModelLease> LeaseAsync(string model, string version, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        Naming.EnsureValidVersion(model, version);
        if (!catalog.TryGet(model, out var slot))
        {
            throw new VersionNotFoundException($"Cannot try {model} version {version}: this host does not serve {model}.");
        }

        // Leased before the version is compared, so a swap in between cannot make another version answer.
        if (slot.TryLease(out var served))
        {
            if (served.Model.Version.Version == version)
            {
                return served;
            }

            served.Dispose();
        }

        while (true)
        {
            var trial = Start(model, version);
            var loaded = await trial.Load.WaitAsync(cancellationToken);
            if (loaded.TryAcquire())
            {
                Touch(trial);
                return new ModelLease(loaded);
            }

            // Retired between its load and this lease (a trial of another version replaced it, or it idled out).
        }
    }

    /// <summary>The loaded trial version of <paramref name="model"/>; null while none is loaded.</summary>
    internal ServedModel? Loaded(string model)
    {
        lock (_lock)
        {
            return _trials.GetValueOrDefault(model)?.Load is { IsCompletedSuccessfully: true } load ? load.Result : null;
        }
    }

    /// <summary>Cancels the loads under way and retires every trial version.</summary>
    public async ValueTask DisposeAsync()
    {
        Trial[] trials;
        lock (_lock)
        {
            _stopped = true;
            trials = [.. _trials.Values];
            _trials.Clear();
        }

        await _stopping.CancelAsync();
        foreach (var trial in trials)
        {
            trial.Retire();
        }

        // A load ends soon once cancelled; waiting for it keeps its session from outliving the host.
        await Task.WhenAll(trials.Select(t => (Task)t.Load)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    /// <summary>The model's trial of <paramref name="version"/>, loaded or loading; starts its load when there is none.</summary>
    private Trial Start(string model, string version)
    {
        Trial next;
        Trial? replaced;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            replaced = _trials.GetValueOrDefault(model);
            if (replaced is not null && replaced.Version == version && !replaced.Load.IsCanceled && (!replaced.Load.IsFaulted || time.GetUtcNow() < replaced.RetryAt))
            {
                return replaced;
            }

            var stopping = _stopping.Token;
            next = new Trial(model, version, Task.Run(() => LoadAsync(model, version, stopping)), time, Expire);
            _trials[model] = next;
        }

        replaced?.Retire();
        return next;
    }

    private async Task<ServedModel> LoadAsync(string model, string version, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await registry.GetEntryAsync(model, version, cancellationToken)
                ?? throw new VersionNotFoundException($"{model} version {version} is not in the store ({registry.Location}).");

            // A trial replaces nothing, so it skips the signature check: comparing an incompatible version is its purpose too.
            return (await loader.LoadAsync(model, entry, servedSignature: null, force: true, cancellationToken)).Model;
        }
        catch (Exception e) when (e is not OperationCanceledException && ControlErrors.Classify(e) is null)
        {
            // A failure no answer explains (a missing version, a store down, a version refused explain themselves).
            faults.Report($"trial of {model} version {version}", e);
            throw;
        }
    }

    /// <summary>Restarts the idle countdown of a trial that just took a request, unless it has been replaced meanwhile.</summary>
    private void Touch(Trial trial)
    {
        lock (_lock)
        {
            if (_trials.GetValueOrDefault(trial.Model) == trial)
            {
                trial.Idle.Change(IdleTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Expire(Trial trial)
    {
        lock (_lock)
        {
            if (_trials.GetValueOrDefault(trial.Model) != trial)
            {
                return;
            }

            _trials.Remove(trial.Model);
        }

        trial.Retire();
    }

    /// <summary>
    /// One model's trial version, loaded or loading, with the timer that retires it once idle. The countdown starts with
    /// the trial, so a version whose every requester gave up while it loaded is not kept forever.
    /// </summary>
    private sealed class Trial
    {
        private readonly Action<Trial> _expire;

        public Trial(string model, string version, Task<ServedModel> load, TimeProvider time, Action<Trial> expire)
        {
            Model = model;
            Version = version;
            Load = load;
            RetryAt = time.GetUtcNow() + RetryDelay;
            _expire = expire;
            Idle = time.CreateTimer(static state => ((Trial)state!)._expire((Trial)state), this, IdleTimeout, Timeout.InfiniteTimeSpan);
        }

        public string Model { get; }
        public string Version { get; }
        public Task<ServedModel> Load { get; }

        /// <summary>When a failed load may be tried again.</summary>
        public DateTimeOffset RetryAt { get; }
        public ITimer Idle { get; }

        /// <summary>Stops the idle countdown and retires the version, now or, if it is still loading, once loaded.</summary>
        public void Retire()
        {
            Idle.Dispose();
            _ = Load.ContinueWith(static load => load.Result.Retire(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
