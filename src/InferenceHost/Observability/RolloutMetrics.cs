using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Swapping;

namespace Hotswap.InferenceHost.Observability;

/// <summary>
/// Metrics of rollouts, by model and version: comparisons of a guarded version with the other one and their
/// differences, copies dropped, failed runs of a guarded version, auto-rollbacks, and each guard rule's closeness to
/// firing. Requests, errors and latency per version are <see cref="PredictionMetrics"/>' (a canary's answers carry its version).
/// A version's outcomes arrive here from the same call that records them in its window (<c>VersionOutcomes</c>), once each.
/// </summary>
public sealed class RolloutMetrics : ISwapListener
{
    private readonly Counter<long> _comparisons;
    private readonly Histogram<double> _difference;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _autoRollbacks;
    private readonly ConcurrentDictionary<string, RolloutStats> _latest = new();

    public RolloutMetrics(HostMeter meter)
    {
        _comparisons = meter.Meter.CreateCounter<long>("hotswap.rollout.comparisons", "{comparison}", "Requests run on both versions of a rollout and compared, by model and guarded version.");
        _difference = meter.Meter.CreateHistogram("hotswap.rollout.difference", "1", "Mean absolute difference of a guarded version's outputs from the other version's, per compared request.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100] });
        _dropped = meter.Meter.CreateCounter<long>("hotswap.rollout.dropped", "{request}", "Copies of requests not compared because the comparison queue was full.");
        _failures = meter.Meter.CreateCounter<long>("hotswap.rollout.failures", "{run}", "Runs of a guarded version that failed: a canary's (answered by the served version instead) or a shadow's.");
        _autoRollbacks = meter.Meter.CreateCounter<long>("hotswap.rollout.auto_rollbacks", "{rollback}", "Rollbacks this host's guard wrote to the store, by model and rule.");
        meter.Meter.CreateObservableGauge("hotswap.rollout.guard.closeness", ObserveCloseness, description: "Each guard rule's observed value over its limit for the guarded version (1 = at the limit); only while a version is guarded.");
    }

    public void Compared(ServedModel guarded, Comparison comparison)
    {
        var tags = Tags(guarded);
        _comparisons.Add(1, tags);
        _difference.Record(comparison.MeanAbsDiff, tags);
    }

    public void Dropped(ServedModel guarded) => _dropped.Add(1, Tags(guarded));

    public void Failed(ServedModel guarded) => _failures.Add(1, Tags(guarded));

    public void OnRolloutStats(RolloutStats e)
    {
        if (e.GuardedVersion is null)
        {
            _latest.TryRemove(e.Model, out _);
        }
        else
        {
            _latest[e.Model] = e;
        }
    }

    public void OnAutoRolledBack(AutoRollback e) => _autoRollbacks.Add(1, new TagList { { "model", e.Model }, { "rule", e.Rule } });

    private IEnumerable<Measurement<double>> ObserveCloseness() =>
        _latest.Values.SelectMany(stats => stats.Guard.Select(rule => new Measurement<double>(
            rule.Closeness,
            new KeyValuePair<string, object?>("model", stats.Model),
            new KeyValuePair<string, object?>("version", stats.GuardedVersion),
            new KeyValuePair<string, object?>("rule", rule.Rule))));

    private static TagList Tags(ServedModel guarded) => new() { { "model", guarded.Version.Model }, { "version", guarded.Version.Version } };
}
