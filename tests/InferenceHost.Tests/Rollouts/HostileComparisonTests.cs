using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>
/// What prediction traffic alone can do to the comparison of two versions and to the drift rule: non-finite outputs
/// count, without poisoning the window, and a few extreme requests cannot trip the rule on their own.
/// </summary>
public sealed class HostileComparisonTests
{
    private static readonly GuardRules Rules = new() { MaxDrift = 0.5, MinRequests = 100 };

    [Theory]
    [InlineData(double.NaN, 2.0)]
    [InlineData(double.PositiveInfinity, 2.0)]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData(double.NaN, double.PositiveInfinity)]
    public void A_non_finite_value_the_other_version_does_not_answer_is_a_disagreement_with_a_bounded_difference(double ours, double theirs)
    {
        var comparison = Compare([ours, 1], [theirs, 1], rows: 2)!.Value;

        Assert.False(comparison.Agreed);
        Assert.Equal(OutputVector.MaxDifference / 2, comparison.MeanAbsDiff);
        Assert.Equal(OutputVector.MaxDifference, comparison.MaxAbsDiff);
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void The_same_non_finite_value_on_both_sides_agrees_with_no_difference(double value)
    {
        var comparison = Compare([value, 1], [value, 1], rows: 2)!.Value;

        Assert.Equal(new Comparison(0, 0, Agreed: true), comparison);
    }

    [Fact]
    public void A_row_whose_argmax_agrees_but_holds_an_infinity_the_other_does_not_is_a_disagreement()
    {
        var comparison = Compare([0.1, 0.9, 0], [0.1, 0.9, double.NegativeInfinity], rows: 1)!.Value;

        Assert.False(comparison.Agreed);
    }

    [Fact]
    public void A_window_of_non_finite_answers_keeps_finite_figures_and_its_drift_rule_fires()
    {
        var window = new VersionWindow();
        for (var i = 0; i < 150; i++)
        {
            window.RecordComparison(Compare([double.NaN], [1], rows: 1)!.Value, Ticks(1), Ticks(1));
        }

        window.Rotate(10);
        var totals = window.Totals();
        var drift = Drift(totals);

        Assert.True(double.IsFinite(totals.MeanAbsDiff) && double.IsFinite(totals.MaxAbsDiff));
        Assert.Equal(0, totals.AgreementRate);
        Assert.True(drift.Breached);
        Assert.True(double.IsFinite(drift.Observed!.Value));
    }

    [Fact]
    public void A_few_extreme_requests_do_not_trip_the_drift_rule_of_a_healthy_version()
    {
        // Inputs of 1e30 turn a difference of 0.001 in one weight into 1e27; one request in twenty does that.
        var totals = Window(("healthy", 190, 0.001), ("extreme", 10, 1e27));

        var drift = Drift(totals);

        Assert.True(totals.MeanAbsDiff > 1e9, "the plain mean is driven by the extreme requests");
        Assert.InRange(drift.Observed!.Value, 0.001, 0.5);
        Assert.False(drift.Breached);
    }

    [Fact]
    public void A_drifting_version_trips_the_rule_although_some_requests_make_both_answer_the_same_infinity()
    {
        var totals = Window(("drifting", 140, 1.0), ("both infinite", 60, 0));

        var drift = Drift(totals);

        Assert.Equal(0.7, drift.Observed!.Value, 9);
        Assert.True(drift.Breached);
    }

    [Fact]
    public void A_comparison_counts_for_at_most_ten_times_the_limit()
    {
        var totals = Window(("wild", 1, 1e6), ("equal", 99, 0));

        Assert.Equal(0.05, Drift(totals).Observed!.Value, 9);
    }

    [Theory]
    [InlineData(double.MaxValue, 1e-300)]
    [InlineData(double.PositiveInfinity, 0.5)]
    [InlineData(double.NaN, 0.5)]
    public void A_rule_status_is_always_written_as_finite_json_numbers(double observed, double limit)
    {
        var status = new GuardRuleStatus(GuardEvaluation.Drift, observed, limit, Armed: true, Breached: true);

        Assert.True(double.IsFinite(status.Closeness));
        Assert.Equal(double.MaxValue, status.Closeness);
    }

    [Fact]
    public void The_guards_figures_for_a_window_of_non_finite_answers_serialize_as_json()
    {
        var window = new VersionWindow();
        for (var i = 0; i < 150; i++)
        {
            window.RecordComparison(Compare([double.PositiveInfinity], [double.NaN], rows: 1)!.Value, Ticks(1), Ticks(1));
        }

        window.Rotate(10);
        var statuses = GuardEvaluation.Evaluate(window.Totals(), null, shadow: true, Rules, TimeSpan.Zero, 100);

        var json = JsonSerializer.Serialize(statuses);
        Assert.Contains("\"Breached\":true", json);
    }

    private static GuardRuleStatus Drift(WindowTotals totals) =>
        GuardEvaluation.Evaluate(totals, null, shadow: true, Rules, TimeSpan.Zero, 100).Single(s => s.Rule == GuardEvaluation.Drift);

    private static WindowTotals Window(params (string What, int Count, double MeanAbsDiff)[] comparisons)
    {
        var window = new VersionWindow();
        foreach (var (_, count, meanAbsDiff) in comparisons)
        {
            for (var i = 0; i < count; i++)
            {
                window.RecordComparison(new Comparison(meanAbsDiff, meanAbsDiff, Agreed: meanAbsDiff == 0), Ticks(1), Ticks(1));
            }
        }

        window.Rotate(10);
        return window.Totals();
    }

    private static Comparison? Compare(double[] ours, double[] theirs, int rows)
    {
        using var a = Vector(ours, rows);
        using var b = Vector(theirs, rows);
        return a.CompareWith(b, tolerance: 1e-4);
    }

    private static OutputVector Vector(double[] values, int rows)
    {
        var rented = ArrayPool<double>.Shared.Rent(values.Length);
        values.CopyTo(rented, 0);
        var labels = ArrayPool<bool>.Shared.Rent(values.Length);
        Array.Clear(labels);
        return new OutputVector(rented, labels, values.Length, rows, values.Length, comparable: true);
    }

    private static long Ticks(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);
}
