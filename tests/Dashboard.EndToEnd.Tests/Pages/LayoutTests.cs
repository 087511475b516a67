using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Registry.Versions;
using Hotswap.Testing.Hosts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

/// <summary>The dashboard's layout on a 1280 px desktop: nothing pushed off the right edge, the drawer down the whole page.</summary>
public sealed class LayoutTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    /// <summary>An MLflow run id: 32 hex digits, with no place to break a line.</summary>
    private const string MlflowRunId = "8f3c2a9d41b74e0f9a6c5d3e2b1f0a97";

    [Fact]
    public async Task At_1280_px_every_action_of_the_versions_table_and_its_served_by_column_are_in_view_with_a_long_run_id()
    {
        var version = await PublishWithLongMetadataAsync();
        await Task.WhenAll(fleet.Hosts.Select(h => h.WaitUntilServingAsync(version)));
        var page = await fleet.NewPageAsync();
        await fleet.SignInAsync(page);

        await page.OpenAsync($"/versions/{ModelStoreScenario.Model}");

        var table = page.GetByLabel("Versions", new() { Exact = true });
        var row = table.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator($"[data-column=run][title='{MlflowRunId}']") });
        await Expect(row).ToContainTextAsync("host-2");
        await Screenshots.SaveAsync(page, "versions");
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Served by" })).ToBeInViewportAsync(new() { Ratio = 1 });
        var buttons = table.GetByRole(AriaRole.Button);
        Assert.True(await buttons.CountAsync() >= 3, "the table offers pin, shadow and canary");
        foreach (var button in await buttons.AllAsync())
        {
            await Expect(button).ToBeInViewportAsync(new() { Ratio = 1 });
        }

        Assert.True(
            await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('.version-table button')].every(b => { const r = b.getBoundingClientRect(), c = b.closest('.mud-table-container').getBoundingClientRect(); return r.left >= c.left && r.right <= c.right; })"),
            "an action button is clipped by the versions table");

        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('.mud-table-container')].every(c => c.scrollWidth <= c.clientWidth)"), "the versions table scrolls sideways");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 1280 px");
    }

    [Fact]
    public async Task The_drawer_reaches_the_bottom_of_a_page_longer_than_the_screen_and_its_links_stay_in_view()
    {
        var page = await fleet.Browser.NewPageAsync(fleet.Dashboard.BaseUrl, width: 1280, height: 300);
        await page.OpenAsync("/");
        await Expect(page.GetByLabel("Host host-2", new() { Exact = true })).ToBeVisibleAsync();

        var sizes = await page.EvaluateAsync<double[]>(
            "() => { const r = document.querySelector('.mud-drawer').getBoundingClientRect(); return [r.bottom + window.scrollY, document.documentElement.scrollHeight, window.innerHeight]; }");
        var (drawerBottom, pageHeight, screenHeight) = (sizes[0], sizes[1], sizes[2]);
        Assert.True(pageHeight > screenHeight, $"the page ({pageHeight} px) is no longer than the screen ({screenHeight} px)");
        Assert.True(drawerBottom >= pageHeight - 1, $"the drawer ends at {drawerBottom} px of a {pageHeight} px page");

        await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToBeInViewportAsync();
    }

    /// <summary>Publishes the next version with an MLflow run id and several metrics, as a real training run logs them.</summary>
    private async Task<string> PublishWithLongMetadataAsync()
    {
        var version = (fleet.Latest + 1).ToString();
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.onnx");
        await File.WriteAllBytesAsync(path, GeneratedModel.Linear([1f, 1f, 1f], fleet.Latest + 1).ToOnnx());
        try
        {
            await fleet.Store.Registry.PublishAsync(new PublishRequest
            {
                Model = ModelStoreScenario.Model,
                Version = version,
                OnnxFilePath = path,
                Signature = ModelStoreScenario.ThreeFeatures,
                Metrics = new Dictionary<string, double> { ["accuracy"] = 0.9612, ["f1_macro"] = 0.9533, ["log_loss"] = 0.1187, ["training_rmse"] = 0.0842 },
                RunId = MlflowRunId,
                PublishedBy = "tests",
            }, CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }

        return version;
    }
}
