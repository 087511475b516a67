using System.Diagnostics;
using System.Text.Json;
using Hotswap.Contracts.Status;
using Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotswap.Dashboard.EndToEnd.Tests.Pages;

/// <summary>
/// The fleet page with 500 hosts announced over the fleet hub (real SignalR clients from this process), in the middle of
/// a swap: most on the new version, some still swapping, a few failing. The browser must show and filter them quickly.
/// </summary>
public sealed class FleetScalePageTests(S3rverFixture s3, ITestOutputHelper output) : IClassFixture<S3rverFixture>
{
    private const int HostCount = 500;
    private const int StillOnOld = 15;
    private const int Failing = 5;
    private const string Token = "fleet-page-test-token-4b1d9c0e7a23";
    /// <summary>
    /// How long a step may take before the test fails: a loaded CI machine, not a target. Issue 17 asks for 2 s to render
    /// and to filter; those are measured by the browser's clock (<see cref="FrameClock"/>) and printed, not asserted (a
    /// loaded run took 6.5 s). Eight runs on a quiet 2-core machine, which also runs the dashboard and the 500 simulated
    /// hosts: painted 582-1112 ms after the navigation started (median 805 ms), filtered by text in 266-471 ms (median
    /// 313 ms) and by state in 27-181 ms (median 46 ms) after the input.
    /// </summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_fleet_page_renders_500_hosts_and_filters_them_by_text_and_state()
    {
        var store = new ModelStoreScenario(s3.Server);
        await using var dashboard = await DashboardProcess.StartAsync(store, [], new Dictionary<string, string?> { ["Fleet:Token"] = Token });
        await using var hosts = await SimulatedFleet.StartAsync(new Uri(dashboard.BaseUrl), Token, HostCount, model: ModelStoreScenario.Model, version: "1", idPrefix: "pod");
        await MidSwapAsync(hosts);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var warm = await browser.NewPageAsync(dashboard.BaseUrl);
        await warm.OpenAsync("/");
        await Expect(ModelHeadline(warm)).ToHaveTextAsync(Headline);
        await Expect(warm.GetByTestId("fleet-headline").Locator("[data-condition=error]")).ToHaveTextAsync($"{Failing} error");

        var page = await browser.NewPageAsync(dashboard.BaseUrl);
        var clock = await FrameClock.InstallAsync(page, StepTimeout, ("rendered", $"document.querySelector('[data-testid=model-headline]')?.textContent.trim() === {JsonSerializer.Serialize(Headline)} && !!document.querySelector(\"[aria-label='Host pod-000']\")"));
        var waited = Stopwatch.StartNew();
        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        var rendered = await clock.FrameAsync("rendered");
        var renderedWaited = waited.Elapsed;
        await page.Locator("[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByLabel("Host pod-000", new() { Exact = true })).ToBeVisibleAsync();
        var live = waited.Elapsed;

        await clock.WatchAsync("by text", "document.querySelector('[data-testid=hosts-shown]')?.textContent.trim().startsWith('1 of ') && !!document.querySelector(\"[aria-label='Host pod-123']\")");
        await page.Locator(".fleet-search input").FillAsync("pod-123");
        var filteredByText = await clock.SinceLastActionAsync("by text");
        await Expect(page.GetByTestId("hosts-shown")).ToHaveTextAsync(Shown(1));

        await page.Locator(".fleet-search input").FillAsync("");
        await Expect(page.GetByLabel("Host pod-000", new() { Exact = true })).ToBeVisibleAsync();
        await clock.WatchAsync("by state", $"document.querySelector('[data-testid=hosts-shown]')?.textContent.trim().startsWith('{Failing} of ')");
        await page.GetByTestId("fleet-headline").Locator("[data-condition=error]").ClickAsync();
        var filteredByState = await clock.SinceLastActionAsync("by state");
        await Expect(page.GetByTestId("hosts-shown")).ToHaveTextAsync(Shown(Failing));
        await page.GetByLabel($"Host pod-{HostCount - 1:000}", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("host-detail")).ToContainTextAsync("version 2: the ONNX file does not load");

        output.WriteLine($"{HostCount} hosts, by the browser's clock: painted {Ms(rendered)} after the navigation started, filtered by text {Ms(filteredByText)} and by state {Ms(filteredByState)} after the input; by the test's clock: rendered after {Ms(renderedWaited)}, live (virtualized table) after {Ms(live)}");
        await Screenshots.SaveAsync(page, "fleet-500");
    }

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:0} ms";

    private static readonly string Headline = $"{HostCount - StillOnOld - Failing} of {HostCount} host(s) serve version 2; {StillOnOld + Failing} do not.";

    private static ILocator ModelHeadline(IPage page) => page.GetByLabel($"Model {ModelStoreScenario.Model}", new() { Exact = true }).GetByTestId("model-headline");

    /// <summary>"n of 500 host(s)": the dashboard dials no host of its own, so the fleet is exactly the announced hosts.</summary>
    private static string Shown(int count) => $"{count} of {HostCount} host(s)";

    /// <summary>Version 2 is out: most hosts swapped to it, the first few still load it, the last few failed to.</summary>
    private static async Task MidSwapAsync(SimulatedFleet hosts)
    {
        var all = hosts.Hosts;
        await Task.WhenAll(all.Skip(StillOnOld).Take(all.Count - StillOnOld - Failing).Select(h => h.ReportSwapAsync(ModelStoreScenario.Model, "2")));
        await Task.WhenAll(all.Take(StillOnOld).Select(h => h.ReportStatusAsync(With(h, m => m with { DesiredVersion = "2", State = ModelState.Swapping }))));
        await Task.WhenAll(all.TakeLast(Failing).Select(h => h.ReportStatusAsync(With(h, m => m with { DesiredVersion = "2", State = ModelState.Failed, LastError = "version 2: the ONNX file does not load" }))));
    }

    private static HostStatus With(SimulatedHost host, Func<ModelStatus, ModelStatus> change) =>
        host.Status with { Models = [.. host.Status.Models.Select(change)] };
}
