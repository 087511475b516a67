using Microsoft.Playwright;

namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

public static class PageNavigation
{
    /// <summary>
    /// Opens a dashboard page and waits until its live connection is up: input typed into the prerendered page before
    /// that would be replaced when the page becomes interactive.
    /// </summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
    }

    /// <summary>Signs in as one of <see cref="DashboardAccounts.All"/> through the login form.</summary>
    public static async Task SignInAsync(this IPage page, string name = DashboardAccounts.Operator)
    {
        var account = DashboardAccounts.Named(name);
        await page.GotoAsync("/login");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(account.Name);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !IsLoginPage(url) || url.Contains("failed=true", StringComparison.Ordinal));
        if (IsLoginPage(page.Url))
        {
            throw new InvalidOperationException($"The dashboard refused {name}'s sign-in.");
        }
    }

    private static bool IsLoginPage(string url) => new Uri(url).AbsolutePath == "/login";
}
