using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Rollouts;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Dashboard.Tests.Persistence;
using Microsoft.Extensions.Time.Testing;
using static Hotswap.Dashboard.Tests.Rollouts.RolloutSamples;

namespace Hotswap.Dashboard.Tests.Rollouts;

public sealed class RolloutMonitorTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _time = new(Samples.At);
    private readonly SwapFeed _feed;
    private readonly AuditLog _audit;
    private readonly RolloutMonitor _monitor;

    public RolloutMonitorTests()
    {
        _feed = new SwapFeed(_database.Options, _database.Database);
        _audit = new AuditLog(_database.Database);
        _monitor = new RolloutMonitor(_feed, _audit, _time);
    }

    private ModelRollout Iris => _monitor.Models.Current["iris_model"];

    [Fact]
    public void Pushes_of_several_hosts_within_one_second_make_one_point_of_their_sum()
    {
        _monitor.Observe(Stats("host-1", [Candidate(10)]));
        _time.Advance(TimeSpan.FromMilliseconds(400));
        _monitor.Observe(Stats("host-2", [Candidate(5)]));

        var sample = Assert.Single(Iris.Samples);
        Assert.Equal(15, sample.Versions[0].Requests);
        Assert.Equal(["host-1", "host-2"], Iris.LatestByHost.Keys.Order());
    }

    [Fact]
    public void Each_second_adds_a_point_and_a_hosts_newer_figures_replace_its_older_ones()
    {
        _monitor.Observe(Stats("host-1", [Candidate(10)]));
        _time.Advance(TimeSpan.FromSeconds(1));
        _monitor.Observe(Stats("host-1", [Candidate(12)]));

        Assert.Equal([10L, 12L], Iris.Samples.Select(s => s.Versions[0].Requests));
    }

    [Fact]
    public void Points_older_than_five_minutes_are_dropped()
    {
        _monitor.Observe(Stats("host-1", [Candidate(1)]));
        for (var i = 0; i < 320; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            _monitor.Observe(Stats("host-1", [Candidate(i + 2)]));
        }

        Assert.InRange(Iris.Samples.Count, 299, 301);
        Assert.True(_time.GetUtcNow() - Iris.Samples[0].At <= RolloutMonitor.History);
    }

    [Fact]
    public void A_host_silent_for_more_than_a_few_seconds_leaves_the_sum()
    {
        _monitor.Observe(Stats("host-1", [Candidate(10)]));
        _time.Advance(TimeSpan.FromSeconds(10));
        _monitor.Observe(Stats("host-2", [Candidate(5)]));

        Assert.Equal(5, Iris.Samples[^1].Versions[0].Requests);
        Assert.Equal(["host-2"], Iris.LatestByHost.Keys);
    }

    [Fact]
    public void An_auto_rollback_goes_into_the_feed_and_the_audit_with_its_reason_once_however_often_it_arrives()
    {
        _monitor.AutoRolledBack("http://127.0.0.1:5001", "host-1", Rollback());
        _monitor.AutoRolledBack("http://127.0.0.1:5001", "host-1", Rollback());

        var entry = Assert.Single(_feed.Entries.Current);
        Assert.Equal(FeedEventKind.AutoRolledBack, entry.Kind);
        Assert.Equal("auto-rollback: error_rate 0.5 > 0.05", entry.Detail);
        Assert.Equal(("2", "1"), (entry.FromVersion, entry.ToVersion));
        var audited = Assert.Single(_audit.Recent.Current);
        Assert.Equal(("guard@host-1", "auto-rollback", "iris_model", "2", "1"), (audited.Actor, audited.Action, audited.Model, audited.FromVersion, audited.ToVersion));
        Assert.Equal("auto-rollback: error_rate 0.5 > 0.05", audited.Reason);
    }

    [Fact]
    public void The_same_rollback_reported_by_two_hosts_is_recorded_and_handed_on_once()
    {
        _monitor.AutoRolledBack("http://127.0.0.1:5001", "host-1", Rollback());
        _monitor.AutoRolledBack("http://127.0.0.1:5002", "host-2", Rollback() with { HostId = "host-2", At = Rollback().At.AddMilliseconds(300) });

        Assert.Single(_feed.Entries.Current);
        Assert.Single(_audit.Recent.Current);
        Assert.True(_monitor.RolledBack.TryRead(out var handed));
        Assert.Equal("host-1", handed.HostId);
        Assert.False(_monitor.RolledBack.TryRead(out _));
    }

    [Fact]
    public void A_later_rollback_of_the_same_versions_is_a_new_one()
    {
        _monitor.AutoRolledBack("http://127.0.0.1:5001", "host-1", Rollback());
        _monitor.AutoRolledBack("http://127.0.0.1:5001", "host-1", Rollback() with { At = Rollback().At + RolloutMonitor.SameRollback });

        Assert.Equal(2, _feed.Entries.Current.Count);
    }

    public void Dispose() => _database.Dispose();
}
