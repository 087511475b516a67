using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Dashboard.Tests.Persistence;

namespace Hotswap.Dashboard.Tests.ServiceClient;

public sealed class SwapFeedTests : IDisposable
{
    private readonly TemporaryDatabase _database = new(feedCapacity: 10);

    private static SwapSucceeded Swapped(int to) =>
        new("host-a", $"swap-{to}", "iris_model", (to - 1).ToString(), to.ToString(), "abc", new SwapDurations(1, 2, 3, 4, 10), Samples.At.AddSeconds(to));

    [Fact]
    public void A_restarted_dashboard_shows_the_events_seen_before_it_stopped()
    {
        var before = new SwapFeed(_database.Options, _database.Database);
        before.Add("http://127.0.0.1:5001", "host-a", Swapped(2));
        before.Add("http://127.0.0.1:5001", "host-a", new SwapFailed("host-a", "swap-3", "iris_model", "2", "3", "checksum mismatch", null, Samples.At.AddSeconds(3)));

        var after = new SwapFeed(_database.Options, _database.Reopen()).Entries.Current;

        Assert.Equal(before.Entries.Current, after);
        Assert.Equal([FeedEventKind.Failed, FeedEventKind.Succeeded], after.Select(e => e.Kind));
        Assert.Equal(new SwapDurations(1, 2, 3, 4, 10), after[1].Durations);
    }

    [Fact]
    public void Only_the_newest_events_up_to_the_capacity_are_kept()
    {
        var feed = new SwapFeed(_database.Options, _database.Database);
        for (var version = 2; version <= 14; version++)
        {
            feed.Add("http://127.0.0.1:5001", "host-a", Swapped(version));
        }

        var reopened = new SwapFeed(_database.Options, _database.Reopen()).Entries.Current;

        Assert.Equal(10, feed.Entries.Current.Count);
        Assert.Equal(Enumerable.Range(5, 10).Reverse().Select(v => v.ToString()), reopened.Select(e => e.ToVersion));
    }

    [Fact]
    public void A_validation_warning_is_kept_with_the_version_and_why_it_serves_unvalidated()
    {
        var feed = new SwapFeed(_database.Options, _database.Database);
        feed.Add("http://127.0.0.1:5001", "host-a", new ValidationWarning("host-a", "silero_vad", "5", "generated inputs failed: Pad reflect requires axis length >= 2", Samples.At));

        var entry = Assert.Single(new SwapFeed(_database.Options, _database.Reopen()).Entries.Current);

        Assert.Equal(FeedEventKind.ValidationWarning, entry.Kind);
        Assert.Equal("5", entry.ToVersion);
        Assert.Equal("validation: none (generated inputs failed: Pad reflect requires axis length >= 2)", entry.Detail);
    }

    [Fact]
    public void A_background_fault_is_kept_with_the_loop_that_caught_it_and_how_often()
    {
        var feed = new SwapFeed(_database.Options, _database.Database);
        feed.Add("http://127.0.0.1:5001", "host-a", new BackgroundFault("host-a", "reconcile loop", "IOException: disk full", 3, Samples.At));

        var entry = Assert.Single(new SwapFeed(_database.Options, _database.Reopen()).Entries.Current);

        Assert.Equal(FeedEventKind.BackgroundFault, entry.Kind);
        Assert.Equal("reconcile loop", entry.Model);
        Assert.Equal("IOException: disk full (3 so far; it goes on)", entry.Detail);
    }

    public void Dispose() => _database.Dispose();
}
