using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Status;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Fleet;

/// <summary>A host in <c>OnRequest</c> mode (Lambda) keeps no connection: it POSTs a report after a check instead.</summary>
public sealed class FleetReportTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string LambdaInstance = "lambda-instance-1";

    [Fact]
    public async Task An_OnRequest_host_reports_the_swap_a_request_triggered_check_found_and_opens_no_connection()
    {
        var store = await StoreAsync();
        await using var dashboard = await TestDashboard.StartAsync();
        await using var host = await OnRequestHostAsync(store, dashboard);
        await host.WaitUntilServingAsync("1");
        await store.PublishAsync(2);

        await Eventually.ReturnsAsync(
            async () => (await host.PredictAsync([5.1f, 3.5f, 0.2f])).Headers.GetValues(PredictHeaders.Version).Single(),
            version => version == "2",
            "a request-triggered check to swap to version 2");

        var report = await dashboard.Calls.WaitForAsync<Reported>(r => r.Report.Status.Models.Any(m => m.ServedVersion == "2"));
        Assert.Equal((LambdaInstance, "OnRequest", $"Bearer {TestDashboard.Token}"), (report.Report.Host.HostId, report.Report.Host.Mode, report.Authorization));
        Assert.DoesNotContain(dashboard.Calls.Events, e => e is Registration);
    }

    [Fact]
    public async Task An_OnRequest_hosts_status_says_its_latest_report_was_accepted()
    {
        var store = await StoreAsync();
        await using var dashboard = await TestDashboard.StartAsync();
        await using var host = await OnRequestHostAsync(store, dashboard);

        await host.WaitUntilServingAsync("1");

        await Eventually.ReturnsAsync(
            async () => (await host.StatusAsync()).Dashboard,
            link => link is { State: DashboardLinkState.Reported, Problem: null },
            "the host's status to say its report was accepted");
    }

    [Fact]
    public async Task A_host_that_announces_itself_to_no_dashboard_shows_no_dashboard_in_its_status()
    {
        await using var host = await RunningHost.StartAsync(await StoreAsync());

        await host.WaitUntilServingAsync("1");

        Assert.Null((await host.StatusAsync()).Dashboard);
    }

    private async Task<ModelStoreScenario> StoreAsync()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        return store;
    }

    private static Task<RunningHost> OnRequestHostAsync(ModelStoreScenario store, TestDashboard dashboard)
    {
        var settings = dashboard.HostSettings;
        settings["Swap:Mode"] = "OnRequest";
        settings["Swap:HostId"] = LambdaInstance;
        return RunningHost.StartAsync(store, settings);
    }
}
