using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

public sealed class FleetPageTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task The_fleet_page_lists_both_hosts_and_the_model_they_serve()
    {
        var page = await fleet.NewPageAsync();

        await page.OpenAsync("/");

        foreach (var host in new[] { "host-1", "host-2" })
        {
            await Expect(page.GetByLabel($"Host {host}", new() { Exact = true }).Locator("[data-column=condition]")).ToHaveTextAsync("healthy");
        }

        await Expect(page.GetByLabel("Model iris_model", new() { Exact = true }).GetByTestId("model-headline")).ToHaveTextAsync($"All 2 host(s) serve version {fleet.Latest}.");
        await Screenshots.SaveAsync(page, "fleet");
    }

    [Fact]
    public async Task The_fleet_page_fits_a_phone_screen_without_sideways_scrolling()
    {
        var page = await fleet.NewNarrowPageAsync();

        await page.OpenAsync("/");

        await Expect(page.GetByLabel("Host host-2", new() { Exact = true }).Locator("[data-column=condition]")).ToHaveTextAsync("healthy");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        await Screenshots.SaveAsync(page, "fleet-narrow");
    }
}
