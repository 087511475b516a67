using System.Text;
using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Registry.Storage;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

/// <summary>
/// The versions page reads every version's MLmodel: versions whose MLmodel was written to exhaust the parser (a stack
/// overflow would stop the dashboard's process, so it runs as a process of its own) are listed with why they are
/// refused, beside the good version, and the dashboard keeps answering.
/// </summary>
public sealed class HostileVersionsPageTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task Versions_with_hostile_MLmodels_are_listed_as_refused_and_the_dashboard_keeps_answering()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        var bombs = HostileMlModels.All;
        for (var i = 0; i < bombs.Count; i++)
        {
            using var content = new MemoryStream(Encoding.UTF8.GetBytes(bombs[i].Yaml));
            await store.Store.WriteAsync($"{store.Prefix}/{ModelStoreScenario.Model}/{i + 2}/MLmodel", content, WriteOptions.Default, CancellationToken.None);
        }

        await using var dashboard = await DashboardProcess.StartAsync(store, [$"http://127.0.0.1:{FreePort.Next()}"]);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(dashboard.BaseUrl);
        await page.SignInAsync();

        await page.OpenAsync($"/versions/{ModelStoreScenario.Model}");

        foreach (var problem in bombs.Select(b => b.Problem).Distinct())
        {
            await Expect(page.GetByText(problem).First).ToBeVisibleAsync();
        }

        await page.OpenAsync("/");
        Assert.Null(dashboard.Output.Contains("Stack overflow", StringComparison.Ordinal) ? dashboard.Output : null);
    }
}
