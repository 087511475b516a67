using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
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
}
