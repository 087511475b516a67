using Bunit;
using Hotswap.Dashboard.Components.Controls;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Tests.Components;

public sealed class SwapFeedListTests : DashboardTestContext
{
    private static readonly FeedEntry[] Arrived =
    [
        Samples.Feed(1, 0, "host-a", "iris_model", FeedEventKind.Started, "2"),
        Samples.Feed(3, 2, "host-a", "iris_model", FeedEventKind.Succeeded, "2"),
        Samples.Feed(2, 1, "host-b", "iris_model", FeedEventKind.Started, "2"),
        Samples.Feed(4, 2, "host-b", "wake_word", FeedEventKind.Failed, "7"),
    ];

    [Fact]
    public void Events_from_several_hosts_are_shown_newest_first()
    {
        var cut = Render<SwapFeedList>(p => p.Add(c => c.Entries, FeedViewModel.Build(Arrived, null, null).Entries));

        var rows = cut.FindAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains("failed", rows[0]);     // 2 s, arrived last
        Assert.Contains("swapped", rows[1]);    // 2 s, arrived before it
        Assert.Contains("host-b", rows[2]);     // 1 s
        Assert.Contains("host-a", rows[3]);     // 0 s
        Assert.Contains("10 ms", rows[1]);
    }

    [Fact]
    public void Filters_keep_only_the_chosen_model_and_host()
    {
        var view = FeedViewModel.Build(Arrived, "iris_model", "host-b");

        var entry = Assert.Single(view.Entries);
        Assert.Equal(2, entry.Sequence);
        Assert.Equal(["iris_model", "wake_word"], view.Models);
        Assert.Equal(["host-a", "host-b"], view.Hosts);
    }

    [Fact]
    public void An_auto_rollback_is_shown_with_its_reason()
    {
        var entry = new FeedEntry(5, Samples.At, "http://host-a", "host-a", "iris_model", FeedEventKind.AutoRolledBack, "2", "1", null, null, "auto-rollback: error_rate 0.5 > 0.05");

        var cut = Render<SwapFeedList>(p => p.Add(c => c.Entries, [entry]));

        var row = cut.Find("tbody tr").TextContent;
        Assert.Contains("auto-rollback", row);
        Assert.Contains("2 → 1", row);
        Assert.Contains("error_rate 0.5 > 0.05", row);
    }

    [Fact]
    public void A_validation_warning_is_shown_as_unvalidated_with_its_reason()
    {
        var entry = new FeedEntry(6, Samples.At, "http://host-a", "host-a", "silero_vad", FeedEventKind.ValidationWarning, null, "5", null, null, "validation: none (generated inputs failed: Pad reflect)");

        var cut = Render<SwapFeedList>(p => p.Add(c => c.Entries, [entry]));

        var row = cut.Find("tbody tr").TextContent;
        Assert.Contains("unvalidated", row);
        Assert.Contains("— → 5", row);
        Assert.Contains("validation: none (generated inputs failed: Pad reflect)", row);
    }
}
