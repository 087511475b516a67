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
        var card = page.GetByLabel($"Host {fleet.HostUrls[1]}", new() { Exact = true });
        await Expect(card.GetByText("Connected", new() { Exact = true })).ToBeVisibleAsync();

        await fleet.StopHostAsync(1);

        await Expect(card.GetByText("Connected", new() { Exact = true })).ToBeHiddenAsync();
        await Expect(card).ToContainTextAsync("Reconnecting…");
        await Expect(card).ToContainTextAsync("Last known state, from before the connection was lost");
        await Screenshots.SaveAsync(page, "fleet-host-down");

        await fleet.RestartHostAsync(1);

        await Expect(card.GetByText("Connected", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel($"Host {fleet.HostUrls[0]}", new() { Exact = true }).GetByText("Connected", new() { Exact = true })).ToBeVisibleAsync();
    }
}
