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
    private readonly ConcurrentDictionary<string, Served> _served = new();

    public SwapMetrics(HostMeter meter)
    {
        _swaps = meter.Meter.CreateCounter<long>("hotswap.swaps", "{swap}", "Swaps by model and outcome (succeeded, failed).");
        _phaseDuration = meter.Meter.CreateHistogram("hotswap.swap.phase.duration", "s", "How long each phase of a successful swap took: download, load, validate, warmup.", advice: HostMeter.OperationBuckets);
        _checkDuration = meter.Meter.CreateHistogram("hotswap.store.check.duration", "s", "How long reading the desired state took, failed reads included.", advice: HostMeter.OperationBuckets);
        _checkErrors = meter.Meter.CreateCounter<long>("hotswap.store.check.errors", "{error}", "Reads of the desired state that failed.");
        meter.Meter.CreateObservableGauge("hotswap.model.version.info", ObserveVersions, description: "1 for the version each model serves, with its SHA-256; a version no longer served has no series.");
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
        RecordPhase(e.Model, SwapPhases.Download, e.Durations.DownloadMs);
        RecordPhase(e.Model, SwapPhases.Load, e.Durations.LoadMs);
        RecordPhase(e.Model, SwapPhases.Validate, e.Durations.ValidateMs);
        RecordPhase(e.Model, SwapPhases.Warmup, e.Durations.WarmupMs);
        _served[e.Model] = new Served(e.ToVersion, e.Sha256 ?? "");
    }

    public void OnSwapFailed(SwapFailed e)
    {
        _swaps.Add(1, new TagList { { "model", e.Model }, { "outcome", "failed" } });
        if (e.ServedVersion is null)
        {
            // A first load that failed, or a resource-preserving swap whose old version could not be restored.
            _served.TryRemove(e.Model, out _);
        }
    }

    public void OnModelRemoved(ModelRemoved e) => _served.TryRemove(e.Model, out _);

    private void RecordPhase(string model, string phase, double ms) =>
        _phaseDuration.Record(ms / 1000, new TagList { { "model", model }, { "phase", phase } });

    /// <summary>Only the served versions: a series left out of a collection is dropped, and Prometheus marks it stale.</summary>
    private IEnumerable<Measurement<int>> ObserveVersions() =>
        _served.Select(s => new Measurement<int>(1, new KeyValuePair<string, object?>("model", s.Key), new("version", s.Value.Version), new("sha256", s.Value.Sha256)));

    private sealed record Served(string Version, string Sha256);
}
