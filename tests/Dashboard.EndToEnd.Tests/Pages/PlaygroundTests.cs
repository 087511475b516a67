using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

public sealed class PlaygroundTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task A_prediction_shows_the_answer_and_the_version_that_gave_it()
    {
        var page = await fleet.NewPageAsync();
        await page.OpenAsync("/playground");
        var served = fleet.Latest;

        await FillFeaturesAsync(page, "1", "2", "3.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Predict", Exact = true }).ClickAsync();

        var result = page.GetByLabel($"Result from {fleet.HostUrls[0]} (served)", new() { Exact = true });
        await Expect(result).ToContainTextAsync($"version {served}");
        await Expect(result).ToContainTextAsync($"{6.5 + served}");
        await Expect(result).ToContainTextAsync("ms");
    }

    [Fact]
    public async Task An_operator_sends_the_same_input_to_the_served_version_and_an_older_one_side_by_side()
    {
        var served = await fleet.PublishAndServeNextAsync();
        var older = served - 1;
        var page = await fleet.NewPageAsync();
        await fleet.SignInAsync(page);
        await page.OpenAsync("/playground");

        await FillFeaturesAsync(page, "1", "2", "3");
        await page.GetByLabel("Compare with version").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = older.ToString(), Exact = true }).ClickAsync();
        // The select applies its value after closing its popover; the button's name shows when the page has it.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Predict and compare with version {older}", Exact = true }).ClickAsync();

        var host = fleet.HostUrls[0];
        var current = page.GetByLabel($"Result from {host} (served)", new() { Exact = true });
        var trial = page.GetByLabel($"Result from {host} (version {older})", new() { Exact = true });
        await Expect(current).ToContainTextAsync($"version {served}");
        await Expect(current).ToContainTextAsync($"{6 + served}");
        await Expect(trial).ToContainTextAsync($"version {older}");
        await Expect(trial).ToContainTextAsync($"{6 + older}");
        await Screenshots.SaveAsync(page, "playground");
    }

    private static async Task FillFeaturesAsync(IPage page, params string[] values)
    {
        // The live page builds its form once it has read the store: typing before that would be lost.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Predict", Exact = true })).ToBeEnabledAsync();
        for (var column = 0; column < values.Length; column++)
        {
            await page.GetByLabel($"features row 1 column {column + 1}", new() { Exact = true }).FillAsync(values[column]);
        }
    }
}
