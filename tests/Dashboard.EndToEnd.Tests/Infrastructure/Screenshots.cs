using Hotswap.Testing;
using Microsoft.Playwright;

namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Full-page screenshots for people to look at: always into <c>TestResults/screenshots</c>, and into
/// <c>docs/screenshots</c> (which the README shows) only when <c>HOTSWAP_UPDATE_SCREENSHOTS=1</c>, so an ordinary test
/// run never changes tracked files.
/// </summary>
public static class Screenshots
{
    public const string UpdateVariable = "HOTSWAP_UPDATE_SCREENSHOTS";

    public static async Task SaveAsync(IPage page, string name)
    {
        var png = await page.ScreenshotAsync(new() { FullPage = true });
        await WriteAsync(Path.Combine(RepositoryRoot.Path, "TestResults", "screenshots"), name, png);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await WriteAsync(Path.Combine(RepositoryRoot.Path, "docs", "screenshots"), name, png);
        }
    }

    private static async Task WriteAsync(string directory, string name, byte[] png)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, $"{name}.png"), png);
    }
}
