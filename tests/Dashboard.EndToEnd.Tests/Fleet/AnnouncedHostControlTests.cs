using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Fleet;

/// <summary>
/// An operator's action in the browser reaches a host the dashboard cannot dial: the host only announced itself, and
/// reads the store once an hour, so only the dashboard's refresh over the host's own fleet connection can make it follow.
/// </summary>
public sealed class AnnouncedHostControlTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string FleetToken = "fleet-control-e2e-token-5a0c8e3f7b2d9146";

    [Fact]
    public async Task Pinning_in_the_dashboard_brings_an_announced_host_that_polls_hourly_back_at_once()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await store.PublishAsync(2);
        await using var dashboard = await DashboardProcess.StartAsync(store, [], new Dictionary<string, string?> { ["Fleet:Token"] = FleetToken });
        await using var host = await InferenceHostProcess.StartAsync(store, new Dictionary<string, string?>
        {
            ["Swap:HostId"] = "announced-hourly",
            ["Swap:PollInterval"] = "01:00:00",
            ["Fleet:DashboardUrl"] = dashboard.BaseUrl,
            ["Fleet:Token"] = FleetToken,
        });
        await host.WaitUntilServingAsync("2");
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(dashboard.BaseUrl);
        await page.SignInAsync(DashboardAccounts.Operator);
        await page.OpenAsync($"/versions/{ModelStoreScenario.Model}");
        await Expect(page.GetByLabel("Versions", new() { Exact = true }).GetByText("announced-hourly")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Pin version 1", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync("version 2 regressed");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "pin version 1", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("told to refresh over the fleet hub");
        await host.WaitUntilServingAsync("1");
    }
}
