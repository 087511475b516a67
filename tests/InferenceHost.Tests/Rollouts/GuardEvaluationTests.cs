using System.Diagnostics;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>Each guard rule on figures alone: when it is armed, when it fires, and what the rollback's reason says.</summary>
public sealed class GuardEvaluationTests
{
    private static readonly GuardRules Rules = new() { MaxErrorRate = 0.05, MaxP99Ratio = 3, MaxDrift = 0.5, MinRequests = 100 };

    [Fact]
    public void An_error_rate_above_the_limit_fires_once_the_window_has_enough_requests()
    {
        var few = Evaluate(Window(requests: 50, failed: 25, ms: 1), Window(100, 0, 1));
        var enough = Evaluate(Window(requests: 200, failed: 20, ms: 1), Window(100, 0, 1));

        Assert.False(Rule(few, GuardEvaluation.ErrorRate).Armed);
        Assert.False(Rule(few, GuardEvaluation.ErrorRate).Breached);
        Assert.True(Rule(enough, GuardEvaluation.ErrorRate).Breached);
        Assert.Equal(0.1, Rule(enough, GuardEvaluation.ErrorRate).Observed!.Value, 9);
        Assert.Equal(2, Rule(enough, GuardEvaluation.ErrorRate).Closeness, 9);
    }

    [Fact]
    public void A_p99_over_the_ratio_fires_only_with_enough_samples_and_when_it_is_also_slower_by_more_than_the_slack()
    {
        var few = Evaluate(Window(120, 0, ms: 10), Window(120, 0, ms: 1));
        var slowInRatioOnly = Evaluate(Window(200, 0, ms: 0.4), Window(200, 0, ms: 0.1));
        var slow = Evaluate(Window(200, 0, ms: 10), Window(200, 0, ms: 1));

        Assert.False(Rule(few, GuardEvaluation.P99Ratio).Armed);
        Assert.True(Rule(slowInRatioOnly, GuardEvaluation.P99Ratio).Observed > 3);
        Assert.False(Rule(slowInRatioOnly, GuardEvaluation.P99Ratio).Breached);
        Assert.True(Rule(slow, GuardEvaluation.P99Ratio).Breached);
    }

    [Fact]
    public void Drift_fires_on_the_mean_absolute_difference_of_enough_comparisons()
    {
        var window = new VersionWindow();
        for (var i = 0; i < 150; i++)
        {
            window.RecordComparison(new Comparison(MeanAbsDiff: i < 100 ? 1 : 0, MaxAbsDiff: 1, Agreed: i >= 100), Ticks(1), Ticks(1));
        }

        window.Rotate(10);
        var drift = Rule(Evaluate(window.Totals(), Window(100, 0, 1)), GuardEvaluation.Drift);

        Assert.Equal(100.0 / 150, drift.Observed!.Value, 9);
        Assert.True(drift.Breached);
        Assert.Equal(50.0 / 150, window.Totals().AgreementRate, 9);
    }

    [Fact]
    public void A_rule_without_a_limit_is_not_evaluated()
    {
        var statuses = GuardEvaluation.Evaluate(Window(200, 200, 1), Window(200, 0, 1), shadow: false, new GuardRules { MaxP99Ratio = 3, MinRequests = 100 }, TimeSpan.Zero, 100);

        Assert.Equal([GuardEvaluation.P99Ratio], statuses.Select(s => s.Rule));
    }

    [Fact]
    public void The_reason_names_the_rule_what_was_observed_and_the_limit()
    {
        var reason = GuardEvaluation.Reason(new GuardRuleStatus(GuardEvaluation.ErrorRate, 0.123456, 0.05, Armed: true, Breached: true));

        Assert.Equal("auto-rollback: error-rate 0.1235 > 0.05", reason);
    }

    [Fact]
    public void Buckets_older_than_the_window_are_forgotten()
    {
        var window = new VersionWindow();
        window.RecordRequest(Ticks(1), failed: true);
        window.Rotate(keep: 2);
        window.RecordRequest(Ticks(1), failed: false);
        window.Rotate(keep: 2);
        window.Rotate(keep: 2);

        Assert.Equal((1, 0), (window.Totals().Requests, window.Totals().Errors));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(1)]
    [InlineData(250)]
    public void A_quantile_read_from_the_latency_buckets_is_within_a_quarter_octave_of_the_truth(double milliseconds)
    {
        var p99 = LatencyHistogram.QuantileMs(Window(100, 0, milliseconds).Latency, 0.99)!.Value;

        Assert.InRange(p99, milliseconds, milliseconds * Math.Pow(2, 0.25) * 1.0001);
    }

    private static IReadOnlyList<GuardRuleStatus> Evaluate(WindowTotals guarded, WindowTotals baseline) =>
        GuardEvaluation.Evaluate(guarded, baseline, shadow: false, Rules, TimeSpan.FromMilliseconds(2), minLatencySamples: 150);

    private static GuardRuleStatus Rule(IReadOnlyList<GuardRuleStatus> statuses, string rule) => statuses.Single(s => s.Rule == rule);

    private static WindowTotals Window(int requests, int failed, double ms)
    {
        var window = new VersionWindow();
        for (var i = 0; i < requests; i++)
        {
            window.RecordRequest(Ticks(ms), failed: i < failed);
        }

        window.Rotate(keep: 10);
        return window.Totals();
    }

    private static long Ticks(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);
}
