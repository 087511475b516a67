using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Registry.Storage;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

/// <summary>
/// The fleet and versions pages read model_list.json: one written to exhaust a parser, too large to read, empty or not
/// JSON must leave the dashboard's process answering (it runs as a process of its own, so a stack overflow would show),
/// and the versions it lists from the store stay visible.
/// </summary>
public sealed class HostileManifestPageTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static readonly string[] HostileManifests =
    [
        new string('[', 50_000),
        "{\"iris_model\": " + string.Concat(Enumerable.Repeat("{\"a\": ", 50_000)),
        "{}" + new string(' ', IObjectStore.MaxReadBytes),
        "",
        "flavors: not json",
    ];

    [Fact]
    public async Task Hostile_manifests_leave_the_dashboard_answering_and_the_versions_listed()
    {
        var store = new ModelStoreScenario(s3.Server);
        var published = await store.PublishAsync(1);
        await using var dashboard = await DashboardProcess.StartAsync(store, [$"http://127.0.0.1:{FreePort.Next()}"]);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(dashboard.BaseUrl);
        await page.SignInAsync();

        foreach (var manifest in HostileManifests)
        {
            await store.WriteManifestAsync(manifest);

            await page.OpenAsync("/");
            await page.OpenAsync($"/versions/{ModelStoreScenario.Model}");
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = published.Version.Sha256![..12], Exact = true })).ToBeVisibleAsync();
        }

        Assert.DoesNotContain("Stack overflow", dashboard.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", dashboard.Output, StringComparison.Ordinal);
    }
}
