using System.Collections.Immutable;
using Bunit;
using Hotswap.Dashboard.Components.Pages;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Dashboard.Tests.Persistence;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hotswap.Dashboard.Tests.Components;

/// <summary>The fleet page with many announced hosts: each model's summary, the host table's filters, a host's detail.</summary>
public sealed class FleetOverviewTests : DashboardTestContext
{
    private readonly TemporaryDatabase _database = new();
    private readonly FleetMonitor _fleet;

    public FleetOverviewTests()
    {
        var feed = new SwapFeed(_database.Options, _database.Database);
        _fleet = new FleetMonitor(_database.Options, feed, Time, NullLogger<FleetMonitor>.Instance);
        Services.AddSingleton(_fleet);
        Services.AddSingleton(feed);
        // A live (interactive) page: its host table is virtualized, as in the browser once connected.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _fleet.Hosts.Update(_ =>
        [
            .. Enumerable.Range(1, 6).Select(i => Samples.Announced($"pod-{i}", Samples.Serving("iris_model", "3"))),
            Samples.Announced("pod-7", Samples.Serving("iris_model", "2", desired: "3")),
            Samples.Announced("pod-8", Samples.Failing("iris_model", "2", "3", "version 3: the ONNX file does not load")),
            Samples.Announced("pod-9", Samples.Serving("iris_model", "3")) with { Stale = true, Connection = HostConnectionState.Unreachable },
        ]);
    }

    [Fact]
    public void The_model_summary_counts_hosts_per_served_version()
    {
        var cut = Render<Fleet>();

        var card = cut.Find("[aria-label='Model iris_model']");
        Assert.Equal("7", card.QuerySelector("[data-version='3']")!.GetAttribute("data-hosts"));
        Assert.Equal("2", card.QuerySelector("[data-version='2']")!.GetAttribute("data-hosts"));
        Assert.Equal("7 of 9 host(s) serve version 3; 2 do not.", card.QuerySelector("[data-testid=model-headline]")!.TextContent);
    }

    [Fact]
    public void Stale_and_failing_hosts_are_called_out_on_the_model_and_in_the_headline()
    {
        var cut = Render<Fleet>();

        var card = cut.Find("[aria-label='Model iris_model']");
        Assert.Equal("1 in error", card.QuerySelector("[data-testid=model-errors]")!.TextContent);
        Assert.Equal("1 stale", card.QuerySelector("[data-testid=model-stale]")!.TextContent);
        Assert.Contains("pod-8: version 3: the ONNX file does not load", card.TextContent);
        Assert.Equal("1 stale", cut.Find("[data-testid=fleet-headline] [data-condition=stale]").TextContent.Trim());
        Assert.Equal("stale", cut.Find("[aria-label='Host pod-9'] [data-column=condition]").TextContent);
    }

    [Fact]
    public void Clicking_a_version_in_the_bar_lists_only_the_hosts_serving_it()
    {
        var cut = Render<Fleet>();

        cut.Find("[aria-label='Model iris_model'] [data-version='2']").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Host pod-7", "Host pod-8"], HostRows(cut)));
    }

    [Fact]
    public void Clicking_a_condition_in_the_headline_lists_only_the_hosts_in_it()
    {
        var cut = Render<Fleet>();

        cut.Find("[data-testid=fleet-headline] [data-condition=error]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Host pod-8"], HostRows(cut)));
    }

    [Fact]
    public void Searching_text_lists_the_hosts_whose_pod_or_error_contains_it()
    {
        var cut = Render<Fleet>();

        cut.Find(".fleet-search input").Input("ONNX");
        Time.Advance(TimeSpan.FromSeconds(1)); // past the search field's debounce, which runs on the injected clock

        cut.WaitForAssertion(() => Assert.Equal(["Host pod-8"], HostRows(cut)));
        Assert.Equal("1 of 9 host(s)", cut.Find("[data-testid=hosts-shown]").TextContent);
    }

    [Fact]
    public void Clicking_a_host_opens_its_detail_with_what_it_announced()
    {
        var cut = Render<Fleet>();

        cut.Find("[aria-label='Host pod-7']").Click();

        var detail = cut.WaitForElement("[data-testid=host-detail]");
        Assert.Contains("prod", detail.TextContent);
        Assert.Contains("node-pod-7", detail.TextContent);
        Assert.Contains("1.4.0+abc123", detail.TextContent);
        Assert.Contains("http://pod-7.hosts.prod:8080", detail.TextContent);
        Assert.Equal("3", detail.QuerySelector("[aria-label='iris_model on pod-7'] [data-column=desired]")!.TextContent);
    }

    [Fact]
    public void Sorting_by_state_puts_the_most_urgent_hosts_first()
    {
        var cut = Render<Fleet>();

        cut.Find("[aria-label='Sort by state']").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Host pod-9", "Host pod-8", "Host pod-7"], HostRows(cut).Take(3)));
    }

    private static ImmutableArray<string> HostRows(IRenderedComponent<Fleet> cut) =>
        [.. cut.FindAll("[aria-label='Hosts'] tbody tr[aria-label]").Select(r => r.GetAttribute("aria-label")!)];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }
}
