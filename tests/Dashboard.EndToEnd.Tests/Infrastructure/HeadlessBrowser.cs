using Microsoft.Playwright;

namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright. Playwright's own browser builds are never downloaded: this
/// machine and CI reach no download site, and <c>.ci/run</c> installs the chromium package instead.
/// </summary>
public sealed class HeadlessBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// How long an action, a navigation or an expectation without a timeout of its own waits, in milliseconds. On a
    /// busy 2-core CI machine a first Blazor page (its circuit, the sign-in redirect) has taken over Playwright's 30 s.
    /// </summary>
    private const float LoadedMachineTimeout = 90_000;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<HeadlessBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (.ci/run does).");
        }

        Assertions.SetDefaultExpectTimeout(LoadedMachineTimeout);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                // No sandbox: Chromium refuses to run one as root, which the tests run as here and in CI. The rest keeps
                // it from reaching for a network that is not there.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
            });
            return new HeadlessBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A page in a fresh context of its own, so no cookie or storage is shared with other tests; relative URLs resolve
    /// against <paramref name="baseUrl"/>. Closing the page closes its context; disposing the browser closes the rest.
    /// </summary>
    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1280, int height = 800)
    {
        var page = await _browser.NewPageAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = width, Height = height } });
        page.SetDefaultTimeout(LoadedMachineTimeout);
        page.SetDefaultNavigationTimeout(LoadedMachineTimeout);
        return page;
    }

    /// <summary>A page as on a phone held upright, for the narrow layout.</summary>
    public Task<IPage> NewNarrowPageAsync(string baseUrl) => NewPageAsync(baseUrl, width: 390, height: 844);

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
