using System.Collections.Immutable;
using Bunit;
using Hotswap.Dashboard.Components.Controls;
using Hotswap.Dashboard.Model;
using Hotswap.Registry.DesiredState;

namespace Hotswap.Dashboard.Tests.Components;

public sealed class VersionTableTests : DashboardTestContext
{
    private static ImmutableArray<VersionRowViewModel> Rows(bool pinned) => VersionRowViewModel.Build(
        [Samples.Version("iris_model", "2"), Samples.Version("iris_model", "1")],
        new ModelEntry { Model = "iris_model", Version = "1", Pinned = pinned },
        [Samples.Host("http://127.0.0.1:5001", Samples.Serving("iris_model", "1")), Samples.Host("http://127.0.0.1:5002", Samples.Serving("iris_model", "2"))]);

    [Fact]
    public void Rows_keep_the_store_order_and_show_desired_state_and_which_hosts_serve_each_version()
    {
        var cut = Render<VersionTable>(p => p.Add(c => c.Rows, Rows(pinned: true)));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("2", rows[0].TextContent.Trim());
        Assert.Contains("127.0.0.1:5002", rows[0].TextContent);
        Assert.DoesNotContain("pinned", rows[0].TextContent);
        Assert.Contains("pinned", rows[1].TextContent);
        Assert.Contains("127.0.0.1:5001", rows[1].TextContent);
        Assert.Contains("r2=0.96", rows[1].TextContent);
    }

    [Fact]
    public void Pin_buttons_are_disabled_for_someone_who_may_not_act()
    {
        var cut = Render<VersionTable>(p => p.Add(c => c.Rows, Rows(pinned: false)).Add(c => c.CanAct, false));

        Assert.All(cut.FindAll("button"), b => Assert.True(b.HasAttribute("disabled")));
    }

    [Fact]
    public void Pressing_pin_names_the_version_of_its_row()
    {
        string? pinned = null;
        var cut = Render<VersionTable>(p => p.Add(c => c.Rows, Rows(pinned: true)).Add(c => c.CanAct, true).Add(c => c.OnPin, v => pinned = v));

        cut.Find("button[aria-label='Pin version 2']").Click();

        Assert.Equal("2", pinned);
        Assert.True(cut.Find("button[aria-label='Pin version 1']").HasAttribute("disabled"));
    }

    [Fact]
    public void Shadow_and_canary_are_offered_for_every_version_but_the_desired_one()
    {
        (string, Hotswap.Contracts.Rollouts.RolloutMode)? started = null;
        var cut = Render<VersionTable>(p => p.Add(c => c.Rows, Rows(pinned: false)).Add(c => c.CanAct, true).Add(c => c.OnRollout, r => started = r));

        Assert.Empty(cut.FindAll("button[aria-label='Canary version 1']"));
        cut.Find("button[aria-label='Canary version 2']").Click();

        Assert.Equal(("2", Hotswap.Contracts.Rollouts.RolloutMode.Canary), started);
        Assert.NotNull(cut.Find("button[aria-label='Shadow version 2']"));
    }

    [Fact]
    public void A_version_that_cannot_be_read_shows_why_and_can_be_neither_pinned_nor_tried()
    {
        var broken = Samples.Version("iris_model", "3") with { Error = "iris_model version 3: MLmodel has no onnx flavor", Sha256 = null };
        var rows = VersionRowViewModel.Build([broken, Samples.Version("iris_model", "2")], new ModelEntry { Model = "iris_model", Version = "2" }, []);

        var cut = Render<VersionTable>(p => p.Add(c => c.Rows, rows).Add(c => c.CanAct, true));

        Assert.Contains("unreadable: iris_model version 3: MLmodel has no onnx flavor", cut.FindAll("tbody tr")[0].TextContent);
        Assert.True(cut.Find("button[aria-label='Pin version 3']").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("button[aria-label='Shadow version 3']"));
    }

    [Fact]
    public void A_long_run_id_keeps_its_whole_value_in_its_tooltip()
    {
        var rows = VersionRowViewModel.Build([Samples.Version("iris_model", "2") with { RunId = "8f3c2a9d41b74e0f9a6c5d3e2b1f0a97" }], null, []);

        var cut = Render<VersionTable>(p => p.Add(c => c.Rows, rows));

        var run = cut.Find("[data-column=run]");
        Assert.Equal("8f3c2a9d41b74e0f9a6c5d3e2b1f0a97", run.GetAttribute("title"));
        Assert.Contains("truncate", run.ClassList);
    }

    [Fact]
    public void A_version_served_by_many_hosts_names_three_and_counts_the_rest()
    {
        var hosts = Enumerable.Range(1, 40).Select(i => Samples.Announced($"pod-{i}", Samples.Serving("iris_model", "2"))).ToImmutableArray();
        var rows = VersionRowViewModel.Build([Samples.Version("iris_model", "2")], new ModelEntry { Model = "iris_model", Version = "2" }, hosts);

        var cut = Render<VersionTable>(p => p.Add(c => c.Rows, rows));

        Assert.Contains("pod-1", cut.Find("tbody tr").TextContent);
        Assert.DoesNotContain("pod-4", cut.Find("tbody tr").TextContent);
        Assert.Equal("+37 more", cut.Find("[data-testid=served-by-more]").TextContent.Trim());
    }
}
