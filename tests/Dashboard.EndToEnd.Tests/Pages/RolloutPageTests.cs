using System.Globalization;
using System.Text.RegularExpressions;
using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Testing.Hosts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

public sealed partial class RolloutPageTests(RolloutFleetFixture fleet) : IClassFixture<RolloutFleetFixture>
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task A_canary_started_from_the_dashboard_is_charted_live_and_a_bad_candidate_is_rolled_back_by_the_guard_in_the_feed()
    {
        // Version 1 stays served (pinned) while version 2 (healthy) and 3 (fails every batch of 2 rows) are published.
        await fleet.Store.Registry.PinAsync(Model, "1", "tests", "hold at 1 for the rollouts", CancellationToken.None);
        var healthy = await fleet.PublishNextAsync();
        var bad = healthy + 1;
        await fleet.Store.PublishAsync(GeneratedModel.Linear([1f, 1f, 1f], bad) with { BatchOfOne = true }, Model, bad.ToString(CultureInfo.InvariantCulture));
        var loads = fleet.Hosts.Select(h => PredictionLoad.Start(h, clients: 1, rows: 2)).ToArray();
        try
        {
            var page = await fleet.NewPageAsync();
            await fleet.SignInAsync(page);
            await page.OpenAsync($"/versions/{Model}");

            await StartCanaryAsync(page, healthy, $"try v{healthy} on a fifth of the traffic");

            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/rollouts/{Model}");
            await Expect(page.GetByTestId("candidate-version")).ToHaveTextAsync(healthy.ToString(CultureInfo.InvariantCulture));
            await Expect(page.GetByTestId("candidate-mode")).ToHaveTextAsync("canary");
            var first = await RequestsAsync(page, healthy, atLeast: 1);
            await RequestsAsync(page, healthy, atLeast: first + 1);
            await Expect(page.GetByTestId("chart-requests").Locator("svg path").First).ToBeAttachedAsync();
            await Expect(page.GetByTestId("guard-host-1").Locator("[data-rule=error-rate]")).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "rollout");

            // The bad candidate replaces the healthy one; the guard sees its failures and aborts it by itself.
            await page.OpenAsync($"/versions/{Model}");
            await StartCanaryAsync(page, bad, $"try v{bad}");
            // The guard may abort it before the start's answer is back, which the versions page then shows instead of
            // moving on: either way, the rollout page is where the rollback shows.
            await Expect(page.GetByRole(AriaRole.Status).Or(page.GetByTestId("candidate"))).ToBeVisibleAsync();
            await page.OpenAsync($"/rollouts/{Model}");

            // Each host's guard sees the failures; on s3rver (no conditional writes) more than one may write the abort.
            var reason = page.GetByTestId("auto-rollbacks").GetByText(AutoRollbackReason()).First;
            await Expect(reason).ToBeVisibleAsync();
            await Expect(page.GetByTestId("no-candidate")).ToBeVisibleAsync();

            await page.OpenAsync("/feed");
            var row = page.GetByLabel("Swap feed", new() { Exact = true }).GetByRole(AriaRole.Row)
                .Filter(new() { HasText = "auto-rollback" }).Filter(new() { HasText = $"{bad} → 1" });
            await Expect(row.First).ToBeVisibleAsync();
            await Expect(row.First).ToContainTextAsync(AutoRollbackReason());

            await page.OpenAsync("/audit");
            var audited = page.GetByLabel("Audit log", new() { Exact = true }).GetByRole(AriaRole.Row).Filter(new() { HasText = "auto-rollback" });
            await Expect(audited.First).ToContainTextAsync("guard@host-");
        }
        finally
        {
            foreach (var load in loads)
            {
                await load.DisposeAsync();
            }
        }

        Assert.All(loads, l => Assert.Empty(l.Failures));
    }

    private static async Task StartCanaryAsync(IPage page, int version, string reason)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Canary version {version}", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Reason").FillAsync(reason);
        await dialog.GetByRole(AriaRole.Button, new() { Name = $"start canary of version {version}", Exact = true }).ClickAsync();
    }

    /// <summary>Waits until the page shows at least <paramref name="atLeast"/> requests answered by <paramref name="version"/> over the window.</summary>
    private static async Task<long> RequestsAsync(IPage page, int version, long atLeast)
    {
        var cell = page.GetByTestId($"requests-{version}");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var text = await cell.CountAsync() > 0 ? await cell.First.TextContentAsync() : null;
            if (long.TryParse(text, out var requests) && requests >= atLeast)
            {
                return requests;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The rollout page showed {text ?? "no"} requests of version {version}, waiting for {atLeast}.");
            }

            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"auto-rollback: error-rate [0-9.]+ > [0-9.]+")]
    private static partial Regex AutoRollbackReason();
}
