using Hotswap.Contracts.Predict;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Fleet;

/// <summary>A host in <c>OnRequest</c> mode (Lambda) keeps no connection: it POSTs a report after a check instead.</summary>
public sealed class FleetReportTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task An_OnRequest_host_reports_the_swap_a_request_triggered_check_found_and_opens_no_connection()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using var dashboard = await TestDashboard.StartAsync();
        var settings = dashboard.HostSettings;
        settings["Swap:Mode"] = "OnRequest";
        settings["Swap:HostId"] = "lambda-instance-1";
        await using var host = await RunningHost.StartAsync(store, settings);
        await host.WaitUntilServingAsync("1");
        await store.PublishAsync(2);

        await Eventually.ReturnsAsync(
            async () => (await host.PredictAsync([5.1f, 3.5f, 0.2f])).Headers.GetValues(PredictHeaders.Version).Single(),
            version => version == "2",
            "a request-triggered check to swap to version 2");

        var report = await dashboard.Calls.WaitForAsync<Reported>(r => r.Report.Status.Models.Any(m => m.ServedVersion == "2"));
        Assert.Equal(("lambda-instance-1", "OnRequest", $"Bearer {TestDashboard.Token}"), (report.Report.Host.HostId, report.Report.Host.Mode, report.Authorization));
        Assert.DoesNotContain(dashboard.Calls.Events, e => e is Registration);
    }
}
