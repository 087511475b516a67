using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

public sealed class HostConnectionTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task A_host_that_goes_away_is_shown_as_such_and_reconnects_when_it_is_back()
    {
        var page = await fleet.NewPageAsync();
        await page.OpenAsync("/");
        var row = page.GetByLabel("Host host-2", new() { Exact = true });
        await Expect(row.Locator("[data-column=condition]")).ToHaveTextAsync("healthy");

        await fleet.StopHostAsync(1);

        await Expect(row.Locator("[data-column=condition]")).ToHaveTextAsync("reconnecting…");
        await row.ClickAsync();
        await Expect(page.GetByTestId("host-detail")).ToContainTextAsync("Last known state, from before the connection was lost");
        await Screenshots.SaveAsync(page, "fleet-host-down");

        await fleet.RestartHostAsync(1);

        await Expect(row.Locator("[data-column=condition]")).ToHaveTextAsync("healthy");
        await Expect(page.GetByLabel("Host host-1", new() { Exact = true }).Locator("[data-column=condition]")).ToHaveTextAsync("healthy");
    }
}
