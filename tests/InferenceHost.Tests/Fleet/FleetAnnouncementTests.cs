using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Fleet;

/// <summary>
/// A long-running host with <c>Fleet:DashboardUrl</c> and <c>Fleet:Token</c> keeps an outbound connection to a real
/// SignalR fleet hub (<see cref="TestDashboard"/>): it registers, streams its events and status, comes back after the
/// dashboard restarts, retries a refused registration, and runs the refresh the dashboard asks for.
/// </summary>
public sealed class FleetAnnouncementTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string HostId = "fleet-host-a";

    [Fact]
    public async Task A_host_registers_with_its_id_address_mode_policy_build_and_instance_under_the_fleet_token()
    {
        var store = await StoreAsync();
        await using var dashboard = await TestDashboard.StartAsync();
        var settings = Settings(dashboard);
        settings["Fleet:BaseUrl"] = "http://fleet-host-a.example:8080";
        await using var host = await RunningHost.StartAsync(store, settings);

        var registration = await dashboard.Calls.WaitForAsync<Registration>();

        var (announcement, instance) = (registration.Announcement, registration.Announcement.Instance);
        Assert.Equal((HostId, "http://fleet-host-a.example:8080", "Poll", "AvailabilityPreserving"), (announcement.HostId, announcement.BaseUrl, announcement.Mode, announcement.Policy));
        Assert.Equal((Environment.MachineName, HostId), (instance.Hostname, registration.Status.HostId));
        Assert.False(string.IsNullOrWhiteSpace(announcement.SoftwareVersion));
        Assert.Equal($"Bearer {TestDashboard.Token}", registration.Authorization);
    }

    [Fact]
    public async Task A_publish_reaches_the_dashboard_as_the_swap_and_then_the_status_serving_the_new_version()
    {
        var store = await StoreAsync();
        await using var dashboard = await TestDashboard.StartAsync();
        await using var host = await RunningHost.StartAsync(store, Settings(dashboard));
        await host.WaitUntilServingAsync("1");
        await dashboard.Calls.WaitForAsync<Registration>();

        await store.PublishAsync(2);

        var swap = await dashboard.Calls.WaitForAsync<Sent>(s => s.Payload is SwapSucceeded { ToVersion: "2" });
        var status = await dashboard.Calls.WaitForAsync<Sent>(s => s.Payload is HostStatus h && h.Models.Any(m => m.ServedVersion == "2"));
        var events = dashboard.Calls.Events.ToList();
        Assert.True(events.IndexOf(swap) < events.IndexOf(status), "The status serving version 2 came before the swap to it.");
    }

    [Fact]
    public async Task A_host_registers_again_with_a_dashboard_restarted_on_the_same_port()
    {
        var store = await StoreAsync();
        var dashboard = await TestDashboard.StartAsync();
        await using var host = await RunningHost.StartAsync(store, Settings(dashboard));
        var first = await dashboard.Calls.WaitForAsync<Registration>();

        await dashboard.DisposeAsync();
        await using var restarted = await TestDashboard.StartAsync(dashboard.Address.Port, dashboard.Calls);

        var again = await restarted.Calls.WaitForAsync<Registration>(r => r.ConnectionId != first.ConnectionId);
        Assert.Equal(HostId, again.Announcement.HostId);
    }

    [Fact]
    public async Task A_refused_registration_is_logged_with_the_dashboards_reason_and_retried()
    {
        var store = await StoreAsync();
        await using var dashboard = await TestDashboard.StartAsync(refuseRegistrations: 2);
        var logs = new LogCapture();
        await using var host = await RunningHost.StartAsync(store, Settings(dashboard), logs: logs);

        var registration = await dashboard.Calls.WaitForAsync<Registration>();

        Assert.Equal(HostId, registration.Announcement.HostId);
        Assert.Equal(2, logs.Entries.Count(e => e.Contains($"refused host {HostId}", StringComparison.Ordinal) && e.Contains("is held by another connected host", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_hosts_status_says_it_is_registered_with_the_dashboard()
    {
        var store = await StoreAsync();
        await using var dashboard = await TestDashboard.StartAsync();
        await using var host = await RunningHost.StartAsync(store, Settings(dashboard));

        var link = await DashboardLinkAsync(host, l => l?.State == DashboardLinkState.Registered, "the host's status to say it is registered");

        Assert.Equal((dashboard.Address.ToString().TrimEnd('/'), null), (link.Dashboard.TrimEnd('/'), link.Problem));
    }

    [Fact]
    public async Task A_hosts_status_gives_the_dashboards_reason_while_it_refuses_the_host()
    {
        var store = await StoreAsync();
        await using var dashboard = await TestDashboard.StartAsync(refuseRegistrations: int.MaxValue);
        await using var host = await RunningHost.StartAsync(store, Settings(dashboard));

        var link = await DashboardLinkAsync(host, l => l?.State == DashboardLinkState.Refused, "the host's status to say it is refused");

        Assert.Contains("is held by another connected host", link.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hosts_status_says_why_it_is_connecting_again_after_the_dashboard_went_away()
    {
        var store = await StoreAsync();
        var dashboard = await TestDashboard.StartAsync();
        await using var host = await RunningHost.StartAsync(store, Settings(dashboard));
        await DashboardLinkAsync(host, l => l?.State == DashboardLinkState.Registered, "the host registered");

        await dashboard.DisposeAsync();

        var link = await DashboardLinkAsync(host, l => l is { State: DashboardLinkState.Connecting, Problem: not null }, "the host's status to say it lost the dashboard");
        Assert.False(string.IsNullOrWhiteSpace(link.Problem));
    }

    [Theory]
    [InlineData(ModelStoreScenario.Model)]
    [InlineData(null)]
    public async Task A_refresh_the_dashboard_asks_for_makes_a_host_that_polls_hourly_serve_the_new_version(string? model)
    {
        var store = await StoreAsync();
        await using var dashboard = await TestDashboard.StartAsync();
        var settings = Settings(dashboard);
        settings["Swap:PollInterval"] = "01:00:00";
        await using var host = await RunningHost.StartAsync(store, settings);
        await host.WaitUntilServingAsync("1");
        await dashboard.Calls.WaitForAsync<Registration>();
        await store.PublishAsync(2);

        await dashboard.RefreshAsync(model, "the operator published version 2");

        await host.WaitUntilServingAsync("2");
    }

    private static async Task<DashboardLink> DashboardLinkAsync(RunningHost host, Func<DashboardLink?, bool> condition, string what) =>
        (await Eventually.ReturnsAsync(async () => (await host.StatusAsync()).Dashboard, condition, what))!;

    private async Task<ModelStoreScenario> StoreAsync()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        return store;
    }

    private static Dictionary<string, string?> Settings(TestDashboard dashboard)
    {
        var settings = dashboard.HostSettings;
        settings["Swap:HostId"] = HostId;
        return settings;
    }
}
