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
        await page.Locator("[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 15_000 });
    }
}
