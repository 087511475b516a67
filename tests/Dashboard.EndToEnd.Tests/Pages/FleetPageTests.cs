using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

public sealed class FleetPageTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task The_fleet_page_lists_both_hosts()
    {
        var page = await fleet.NewPageAsync();

        await page.GotoAsync("/");

        foreach (var url in fleet.HostUrls)
        {
            var card = page.GetByLabel($"Host {url}", new() { Exact = true });
            await Expect(card.GetByText(url, new() { Exact = true })).ToBeVisibleAsync();
            await Expect(card.GetByText("Connected", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        }

        await Screenshots.SaveAsync(page, "fleet");
    }
}
