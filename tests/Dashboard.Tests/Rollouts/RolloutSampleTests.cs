using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Rollouts;
using static Hotswap.Dashboard.Tests.Rollouts.RolloutSamples;

namespace Hotswap.Dashboard.Tests.Rollouts;

public sealed class RolloutSampleTests
{
    [Fact]
    public void Requests_errors_and_rates_add_up_over_hosts_and_the_error_rate_is_errors_over_requests()
    {
        var sample = RolloutSample.Of(Samples.At, [Stats("host-1", [Candidate(100, 10, rps: 5)]), Stats("host-2", [Candidate(300, 0, rps: 15)])]);

        var candidate = Assert.Single(sample.Versions);
        Assert.Equal(400, candidate.Requests);
        Assert.Equal(10, candidate.Errors);
        Assert.Equal(20, candidate.RequestsPerSecond, 6);
        Assert.Equal(0.025, candidate.ErrorRate, 6);
    }

    [Fact]
    public void The_p50_is_the_request_weighted_mean_and_the_p99_is_the_worst_hosts()
    {
        var sample = RolloutSample.Of(Samples.At, [Stats("host-1", [Served(100, p50: 2, p99: 10)]), Stats("host-2", [Served(300, p50: 4, p99: 7)])]);

        var served = Assert.Single(sample.Versions);
        Assert.Equal(3.5, served.P50Ms!.Value, 6);
        Assert.Equal(10, served.P99Ms);
    }

    [Fact]
    public void A_version_without_latency_figures_has_no_percentiles()
    {
        var sample = RolloutSample.Of(Samples.At, [Stats("host-1", [Candidate(0, p50: null, p99: null)])]);

        Assert.Null(sample.Versions[0].P50Ms);
        Assert.Null(sample.Versions[0].P99Ms);
        Assert.Equal(0, sample.Versions[0].ErrorRate);
    }

    [Fact]
    public void Drift_is_weighted_by_comparisons_its_max_is_the_largest_and_drops_add_up()
    {
        var sample = RolloutSample.Of(Samples.At,
        [
            Stats("host-1", [Served(10)], new DriftStats(100, 0.1, 0.5, 1.0, 2)),
            Stats("host-2", [Served(10)], new DriftStats(300, 0.3, 0.9, 0.6, 1)),
        ]);

        Assert.Equal(400, sample.Drift!.Comparisons);
        Assert.Equal(0.25, sample.Drift.MeanAbsDiff, 6);
        Assert.Equal(0.9, sample.Drift.MaxAbsDiff);
        Assert.Equal(0.7, sample.Drift.AgreementRate, 6);
        Assert.Equal(3, sample.Drift.Dropped);
    }

    [Fact]
    public void The_served_version_comes_before_the_candidate()
    {
        var sample = RolloutSample.Of(Samples.At, [Stats("host-1", [Candidate(1), Served(1)])]);

        Assert.Equal(["1", "2"], sample.Versions.Select(v => v.Version));
        Assert.Null(sample.Drift);
    }
}
