using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Swapping;

namespace Hotswap.InferenceHost.Observability;

/// <summary>
/// Metrics of checks and swaps, from the swap events: swaps by outcome, the phases of each successful swap, the
/// version each model serves, and how long reading the desired state takes and how often it fails.
/// </summary>
public sealed class SwapMetrics : ISwapListener
{
    private readonly Counter<long> _swaps;
    private readonly Histogram<double> _phaseDuration;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _checkErrors;
    private readonly ConcurrentDictionary<string, ModelVersions> _versions = new();

    public SwapMetrics(HostMeter meter)
    {
        _swaps = meter.Meter.CreateCounter<long>("hotswap.swaps", "{swap}", "Swaps by model and outcome (succeeded, failed).");
        _phaseDuration = meter.Meter.CreateHistogram("hotswap.swap.phase.duration", "s", "How long each phase of a successful swap took: download, load, validate, warmup.", advice: HostMeter.OperationBuckets);
        _checkDuration = meter.Meter.CreateHistogram("hotswap.store.check.duration", "s", "How long reading the desired state took, failed reads included.", advice: HostMeter.OperationBuckets);
        _checkErrors = meter.Meter.CreateCounter<long>("hotswap.store.check.errors", "{error}", "Reads of the desired state that failed.");
        meter.Meter.CreateObservableGauge("hotswap.model.version.info", ObserveVersions, description: "1 for the version each model serves (with its SHA-256), 0 for the one it served before.");
    }

    public void OnCheckCompleted(CheckCompleted e)
    {
        _checkDuration.Record(e.DurationMs / 1000);
        if (e.Error is not null)
        {
            _checkErrors.Add(1);
        }
    }

    public void OnDesiredStateChanged(DesiredStateChanged e)
    {
    }

    public void OnSwapStarted(SwapStarted e)
    {
    }

    public void OnSwapSucceeded(SwapSucceeded e)
    {
        _swaps.Add(1, new TagList { { "model", e.Model }, { "outcome", "succeeded" } });
        RecordPhase(e.Model, "download", e.Durations.DownloadMs);
        RecordPhase(e.Model, "load", e.Durations.LoadMs);
        RecordPhase(e.Model, "validate", e.Durations.ValidateMs);
        RecordPhase(e.Model, "warmup", e.Durations.WarmupMs);
        _versions.AddOrUpdate(e.Model, static (_, e) => new ModelVersions(new Served(e.ToVersion, e.Sha256), null), static (_, old, e) => new ModelVersions(new Served(e.ToVersion, e.Sha256), old.Current), e);
    }

    public void OnSwapFailed(SwapFailed e) => _swaps.Add(1, new TagList { { "model", e.Model }, { "outcome", "failed" } });

    public void OnModelRemoved(ModelRemoved e)
    {
        if (_versions.TryGetValue(e.Model, out var versions) && versions.Current is { } last)
        {
            _versions[e.Model] = new ModelVersions(null, last);
        }
    }

    private void RecordPhase(string model, string phase, double ms) =>
        _phaseDuration.Record(ms / 1000, new TagList { { "model", model }, { "phase", phase } });

    /// <summary>
    /// The version served before is reported as 0 rather than left out: a series that stops being reported keeps its
    /// last value in the exporter, which would leave a retired version looking served.
    /// </summary>
    private IEnumerable<Measurement<int>> ObserveVersions()
    {
        foreach (var (model, versions) in _versions)
        {
            if (versions.Current is { } current)
            {
                yield return Info(model, current, 1);
            }

            if (versions.Previous is { } previous && previous != versions.Current)
            {
                yield return Info(model, previous, 0);
            }
        }
    }

    private static Measurement<int> Info(string model, Served served, int value) =>
        new(value, new KeyValuePair<string, object?>("model", model), new("version", served.Version), new("sha256", served.Sha256));

    private sealed record Served(string Version, string Sha256);

    private sealed record ModelVersions(Served? Current, Served? Previous);
}
