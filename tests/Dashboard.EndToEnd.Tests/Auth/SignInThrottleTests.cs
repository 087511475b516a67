using Hotswap.Dashboard.Auth;
using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Auth;

/// <summary>
/// Password guessing against a dashboard of its own: failures from this address throttle every sign-in from it, so
/// the fleet fixture's dashboard, which other tests sign in to, is left alone.
/// </summary>
public sealed class SignInThrottleTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused_and_the_page_says_so()
    {
        var store = new ModelStoreScenario(s3.Server);
        // No host answers there: signing in needs none.
        await using var dashboard = await DashboardProcess.StartAsync(store, [$"http://127.0.0.1:{FreePort.Next()}"]);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(dashboard.BaseUrl);
        var account = DashboardAccounts.Named(DashboardAccounts.Operator);

        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            await SubmitAsync(page, account.Name, "not the password");
            await Expect(page.GetByText("Unknown name or wrong password.")).ToBeVisibleAsync();
        }

        await SubmitAsync(page, account.Name, account.Password);

        await Expect(page.GetByText("Too many failed sign-ins for this name or from this address: try again in")).ToBeVisibleAsync();
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    private static async Task SubmitAsync(IPage page, string name, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("failed=true", StringComparison.Ordinal) || url.Contains("retryInMinutes=", StringComparison.Ordinal) || !url.Contains("/login", StringComparison.Ordinal));
    }
}
