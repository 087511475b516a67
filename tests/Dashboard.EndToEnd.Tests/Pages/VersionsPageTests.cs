using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

public sealed class VersionsPageTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task Pinning_an_older_version_brings_every_host_back_to_it_and_is_audited()
    {
        var newest = await fleet.PublishAndServeNextAsync();
        var older = (newest - 1).ToString();
        var page = await fleet.NewPageAsync();
        await fleet.SignInAsync(page);
        await page.OpenAsync("/versions/iris_model");
        await Expect(VersionRow(page, newest.ToString()).GetByText("host-1")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = $"Pin version {older}", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync($"v{newest} regressed on segment B");
        await Screenshots.SaveAsync(page, "pin-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = $"pin version {older}", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("done on 2 host(s)");
        foreach (var host in fleet.Hosts)
        {
            await host.WaitUntilServingAsync(older);
        }

        var row = VersionRow(page, older);
        await Expect(row.GetByText("pinned")).ToBeVisibleAsync();
        await Expect(row.GetByText("host-1")).ToBeVisibleAsync();
        await Expect(row.GetByText("host-2")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "versions");

        await page.OpenAsync("/audit");
        var entry = page.GetByLabel("Audit log", new() { Exact = true }).GetByRole(AriaRole.Row).Filter(new() { HasText = $"v{newest} regressed on segment B" });
        await Expect(entry).ToContainTextAsync("alice");
        await Expect(entry).ToContainTextAsync("pin");
        await Expect(entry).ToContainTextAsync($"{newest} → {older}");
        await Screenshots.SaveAsync(page, "audit");
    }

    [Fact]
    public async Task Unpinning_brings_every_host_to_the_newest_version()
    {
        var newest = await fleet.PublishNextAsync();
        await fleet.Store.Registry.PinAsync("iris_model", "1", "tests", "hold at 1", CancellationToken.None);
        await Task.WhenAll(fleet.Hosts.Select(h => h.WaitUntilServingAsync("1")));
        var page = await fleet.NewPageAsync();
        await fleet.SignInAsync(page);
        await page.OpenAsync("/versions/iris_model");

        await page.GetByRole(AriaRole.Button, new() { Name = "Unpin (follow latest)" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync("segment B fixed");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "unpin", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"done on 2 host(s), desired version {newest}");
        await Task.WhenAll(fleet.Hosts.Select(h => h.WaitUntilServingAsync(newest.ToString())));
    }

    [Fact]
    public async Task A_viewer_sees_the_versions_but_cannot_pin()
    {
        var page = await fleet.NewPageAsync();
        await fleet.SignInAsync(page, DashboardAccounts.Viewer);

        await page.OpenAsync("/versions/iris_model");

        await Expect(page.GetByText("Sign in as an operator to pin, roll back or refresh.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pin version 1", Exact = true })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Roll back" })).ToHaveCountAsync(0);
    }

    private static ILocator VersionRow(IPage page, string version) =>
        page.GetByLabel("Versions", new() { Exact = true }).GetByRole(AriaRole.Row)
            .Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = $"Pin version {version}", Exact = true }) });
}
