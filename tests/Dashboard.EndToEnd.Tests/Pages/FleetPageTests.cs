using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

public sealed class FleetPageTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task The_fleet_page_lists_both_hosts()
    {
        var page = await fleet.NewPageAsync();

        await page.OpenAsync("/");

        foreach (var url in fleet.HostUrls)
        {
            var card = page.GetByLabel($"Host {url}", new() { Exact = true });
            await Expect(card.GetByText(url, new() { Exact = true })).ToBeVisibleAsync();
            await Expect(card.GetByText("Connected", new() { Exact = true })).ToBeVisibleAsync();
        }

        await Screenshots.SaveAsync(page, "fleet");
    }

    [Fact]
    public async Task The_fleet_page_fits_a_phone_screen_without_sideways_scrolling()
    {
        var page = await fleet.NewNarrowPageAsync();

        await page.OpenAsync("/");

        await Expect(page.GetByLabel($"Host {fleet.HostUrls[1]}", new() { Exact = true }).GetByText("Connected", new() { Exact = true })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        await Screenshots.SaveAsync(page, "fleet-narrow");
    }
}
