using System.Globalization;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// The guard's rules applied to one model's windows: error rate and drift of the guarded version, its p99 against the
/// version it is compared with. Pure, so each rule is testable on figures alone.
/// </summary>
public static class GuardEvaluation
{
    public const string ErrorRate = "error-rate";
    public const string P99Ratio = "p99-ratio";
    public const string Drift = "drift";

    /// <summary>
    /// The drift rule reads the mean of each comparison's mean absolute difference, with no comparison counting for more
    /// than this many times the limit. A few extreme requests (inputs of 1e30 that turn a tiny difference in weights
    /// into a huge one, or outputs one version answers with infinity) then cannot trip a healthy version: with a real
    /// drift of 0 they would have to be more than a tenth of the window's comparisons. A mean, unlike a median, still
    /// sees a version that drifts on a minority of inputs, and what a drifting version answers on ordinary requests
    /// counts in full, so extreme requests (even both versions answering the same infinity, a difference of 0) hide it
    /// only by outnumbering the ordinary ones.
    /// </summary>
    public const double DriftCap = 10;

    /// <param name="guarded">The candidate, or the version just swapped to.</param>
    /// <param name="baseline">The version it is compared with: the served one, or the warm previous one.</param>
    /// <param name="shadow">In shadow the guarded version answers nobody: its latency is its run time on the copies, compared with the served version's run time on the same requests.</param>
    public static IReadOnlyList<GuardRuleStatus> Evaluate(WindowTotals guarded, WindowTotals? baseline, bool shadow, GuardRules rules, TimeSpan p99Slack, int minLatencySamples)
    {
        var minimum = rules.MinRequests ?? 1;
        var statuses = new List<GuardRuleStatus>(3);
        if (rules.MaxErrorRate is { } maxErrorRate)
        {
            var armed = guarded.Requests >= minimum;
            statuses.Add(new GuardRuleStatus(ErrorRate, guarded.ErrorRate, maxErrorRate, armed, armed && guarded.ErrorRate > maxErrorRate));
        }

        if (rules.MaxP99Ratio is { } maxRatio)
        {
            var (own, other, samples) = shadow
                ? (guarded.OwnRunLatency, guarded.OtherRunLatency, guarded.Comparisons)
                : (guarded.Latency, baseline?.Latency, Math.Min(guarded.Requests, baseline?.Requests ?? 0));
            var ownP99 = LatencyHistogram.QuantileMs(own, 0.99);
            var otherP99 = other is null ? null : LatencyHistogram.QuantileMs(other, 0.99);
            double? ratio = ownP99 is { } a && otherP99 is { } b && b > 0 ? a / b : null;
            var armed = samples >= Math.Max(minimum, minLatencySamples) && ratio is not null;
            var slower = ownP99 - otherP99 > p99Slack.TotalMilliseconds;
            statuses.Add(new GuardRuleStatus(P99Ratio, ratio, maxRatio, armed, armed && ratio > maxRatio && slower));
        }

        if (rules.MaxDrift is { } maxDrift)
        {
            var armed = guarded.Comparisons >= minimum;
            double? drift = guarded.Comparisons == 0 ? null : guarded.CappedMeanAbsDiff(maxDrift > 0 ? DriftCap * maxDrift : OutputVector.MaxDifference);
            statuses.Add(new GuardRuleStatus(Drift, drift, maxDrift, armed, armed && drift > maxDrift));
        }

        return statuses;
    }

    /// <summary>A candidate answering NaN or infinity differs without bound; JSON has no infinity, so it reads as the largest double.</summary>
    public static double Finite(double value) => double.IsFinite(value) ? value : double.MaxValue;

    /// <summary>The reason written to the desired state: <c>auto-rollback: &lt;rule&gt; &lt;observed&gt; &gt; &lt;limit&gt;</c>.</summary>
    public static string Reason(GuardRuleStatus breached) =>
        string.Create(CultureInfo.InvariantCulture, $"auto-rollback: {breached.Rule} {breached.Observed:0.####} > {breached.Limit:0.####}");
}
