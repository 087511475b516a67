using Bunit;
using Hotswap.Contracts.Swapping;
using Hotswap.Dashboard.Components.Pages;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Hotswap.Dashboard.Tests.Persistence;

namespace Hotswap.Dashboard.Tests.Components;

/// <summary>The fleet page follows the live state the services publish, without a reload.</summary>
public sealed class FleetPageTests : DashboardTestContext
{
    private const string HostUrl = "http://127.0.0.1:5001";
    private readonly TemporaryDatabase _database = new();
    private readonly FleetMonitor _fleet;
    private readonly SwapFeed _feed;

    public FleetPageTests()
    {
        _feed = new SwapFeed(_database.Options, _database.Database);
        // Never started: the test publishes host states itself instead of connecting.
        _fleet = new FleetMonitor(_database.Options, _feed, Time, NullLogger<FleetMonitor>.Instance);
        Services.AddSingleton(_fleet);
        Services.AddSingleton(_feed);
        // A live (interactive) page: its host table is virtualized, as in the browser once connected.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void A_new_host_status_is_rendered_as_it_arrives()
    {
        var cut = Render<Fleet>();
        Assert.Equal("connecting", cut.Find("[aria-label='Host 127.0.0.1:5001'] [data-column=condition]").TextContent);

        _fleet.Hosts.Update(hosts => hosts.SetItem(0, Samples.Host(HostUrl, Samples.Serving("iris_model", "2"))));

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[aria-label='Host 127.0.0.1:5001'] [data-column=served]").TextContent));
        Assert.Equal("healthy", cut.Find("[aria-label='Host 127.0.0.1:5001'] [data-column=condition]").TextContent);
    }

    [Fact]
    public async Task Snapshots_arriving_faster_than_the_render_interval_are_shown_once_it_has_passed()
    {
        var cut = Render<Fleet>();
        _fleet.Hosts.Update(hosts => hosts.SetItem(0, Samples.Host(HostUrl, Samples.Serving("iris_model", "2"))));
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-column=served]").TextContent));

        _fleet.Hosts.Update(hosts => hosts.SetItem(0, Samples.Host(HostUrl, Samples.Serving("iris_model", "3"))));
        _fleet.Hosts.Update(hosts => hosts.SetItem(0, Samples.Host(HostUrl, Samples.Serving("iris_model", "4"))));
        Assert.Equal("2", cut.Find("[data-column=served]").TextContent);

        // The page's clock is this fake one: no interval passes until the test moves it (the page may start waiting a moment later).
        await Eventually.ReturnsAsync(
            () =>
            {
                Time.Advance(Fleet.RenderInterval);
                return Task.FromResult(cut.Find("[data-column=served]").TextContent);
            },
            served => served == "4",
            "the newest snapshot to be shown once the render interval passed",
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void A_swap_event_appears_in_recent_swaps_as_it_arrives()
    {
        var cut = Render<Fleet>();

        _feed.Add(HostUrl, "host-a", new SwapSucceeded("host-a", "s1", "iris_model", "1", "2", "abc", new SwapDurations(1, 2, 3, 4, 10), Samples.At));

        cut.WaitForAssertion(() => Assert.Contains("swapped", cut.Find("[aria-label='Swap feed'] tbody").TextContent));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }
}
