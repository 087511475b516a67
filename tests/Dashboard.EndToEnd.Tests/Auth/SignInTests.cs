using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Auth;

public sealed class SignInTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task Signing_in_as_an_operator_shows_the_name_in_the_app_bar()
    {
        var page = await fleet.NewPageAsync();

        await fleet.SignInAsync(page, DashboardAccounts.Operator);

        await Expect(page.GetByText("alice (operator)", new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_out_from_the_app_bar_ends_the_session()
    {
        var page = await fleet.NewPageAsync();
        await fleet.SignInAsync(page, DashboardAccounts.Operator);
        await page.OpenAsync("/");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.OpenAsync("/versions/iris_model");
        await Expect(page.GetByText("Sign in as an operator to pin, roll back or refresh.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_signed_in_operator_stays_signed_in_across_a_dashboard_restart_as_its_keys_are_kept_beside_the_database()
    {
        var page = await fleet.NewPageAsync();
        await fleet.SignInAsync(page, DashboardAccounts.Operator);
        // Off the dashboard before it stops: a live page would lose its circuit and reload itself at some moment after
        // the restart, interrupting the navigation below. Only the cookie is under test.
        await page.GotoAsync("about:blank");

        await fleet.Dashboard.RestartAsync();
        await page.OpenAsync("/audit");

        await Expect(page.GetByText("alice (operator)", new() { Exact = true })).ToBeVisibleAsync();
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(fleet.Dashboard.DataDirectory, "keys"), "key-*.xml"));
    }
}
