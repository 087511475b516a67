using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

public sealed class SwapFeedTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task A_published_version_shows_up_in_the_fleet_and_the_feed_without_a_reload()
    {
        var fleetPage = await fleet.NewPageAsync();
        var feedPage = await fleet.NewPageAsync();
        await fleetPage.OpenAsync("/");
        await feedPage.OpenAsync("/feed");
        foreach (var host in new[] { "host-1", "host-2" })
        {
            await Expect(fleetPage.GetByLabel($"Host {host}", new() { Exact = true }).Locator("[data-column=condition]")).ToHaveTextAsync("healthy");
        }

        var version = await fleet.PublishNextAsync();

        foreach (var host in new[] { "host-1", "host-2" })
        {
            var row = fleetPage.GetByLabel($"Host {host}", new() { Exact = true });
            await Expect(row.Locator("[data-model=iris_model] [data-column=served]")).ToHaveTextAsync(version.ToString());
        }

        foreach (var host in new[] { "host-1", "host-2" })
        {
            await Expect(SwappedRow(fleetPage, host, version)).ToBeVisibleAsync();
            await Expect(SwappedRow(feedPage, host, version)).ToBeVisibleAsync();
        }

        await Screenshots.SaveAsync(fleetPage, "fleet");
        await Screenshots.SaveAsync(feedPage, "feed");
    }

    [Fact]
    public async Task The_feed_keeps_earlier_swaps_for_a_page_opened_later()
    {
        var version = await fleet.PublishAndServeNextAsync();

        var page = await fleet.NewPageAsync();
        await page.OpenAsync("/feed");

        await Expect(SwappedRow(page, "host-1", version)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_restarted_dashboard_still_shows_the_swaps_it_saw()
    {
        var version = await fleet.PublishAndServeNextAsync();
        var page = await fleet.NewPageAsync();
        await page.OpenAsync("/feed");
        await Expect(SwappedRow(page, "host-2", version)).ToBeVisibleAsync();

        await fleet.Dashboard.RestartAsync();
        var reopened = await fleet.NewPageAsync();
        await reopened.OpenAsync("/feed");

        await Expect(SwappedRow(reopened, "host-2", version)).ToBeVisibleAsync();
    }

    private static ILocator SwappedRow(IPage page, string host, int version) =>
        page.GetByLabel("Swap feed", new() { Exact = true }).GetByRole(AriaRole.Row)
            .Filter(new() { HasText = host }).Filter(new() { HasText = $"{version - 1} → {version}" }).Filter(new() { HasText = "swapped" });
}
