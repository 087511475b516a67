using Hotswap.Contracts.Fleet;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR;

namespace Hotswap.Dashboard.Tests.Announcements;

/// <summary>Hosts announce themselves on the dashboard's fleet hub with the fleet token, one connected host per id.</summary>
public sealed class FleetHubTests : IAsyncLifetime
{
    private FleetDashboard _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await FleetDashboard.StartAsync();

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    [Theory]
    [InlineData("wrong-fleet-token-of-the-same-length-as-the-real-one")]
    [InlineData("")]
    public async Task A_host_with_a_wrong_or_missing_fleet_token_is_refused_before_its_connection_opens(string token)
    {
        await using var host = SimulatedHost.Serving(_dashboard.Address, token, "intruder", "iris", "1");

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        Assert.Empty((await _dashboard.ReadFleetAsync()).Hosts);
    }

    [Fact]
    public async Task A_host_presenting_the_id_of_a_connected_host_is_refused_and_the_first_keeps_it()
    {
        await using var first = SimulatedHost.Serving(_dashboard.Address, FleetDashboard.Token, "pod-a", "iris", "1");
        await first.StartAsync(TestContext.Current.CancellationToken);
        await using var impostor = SimulatedHost.Serving(_dashboard.Address, FleetDashboard.Token, "pod-a", "iris", "666");

        var refused = await Assert.ThrowsAsync<HubException>(() => impostor.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("'pod-a' is held by another connected host", refused.Message, StringComparison.Ordinal);
        await first.ReportSwapAsync("iris", "2", TestContext.Current.CancellationToken);
        var fleet = await _dashboard.WaitForFleetAsync(f => f.Hosts is [{ Models: [{ ServedVersion: "2" }] }], "pod-a to report version 2");
        Assert.Equal(("pod-a", true, "announced"), (fleet.Hosts[0].HostId, fleet.Hosts[0].Connected, fleet.Hosts[0].Source));
    }

    [Fact]
    public async Task Once_the_host_holding_an_id_disconnects_another_may_register_it()
    {
        var first = SimulatedHost.Serving(_dashboard.Address, FleetDashboard.Token, "pod-b", "iris", "1");
        await first.StartAsync(TestContext.Current.CancellationToken);
        await first.DisposeAsync();
        await using var successor = SimulatedHost.Serving(_dashboard.Address, FleetDashboard.Token, "pod-b", "iris", "2");

        await Eventually.ReturnsAsync(
            async () => await Record.ExceptionAsync(() => successor.StartAsync(TestContext.Current.CancellationToken)),
            error => error is null,
            "the successor to register pod-b once the first host's connection closed");

        await _dashboard.WaitForFleetAsync(f => f.Hosts is [{ HostId: "pod-b", Connected: true, Models: [{ ServedVersion: "2" }] }], "pod-b connected, serving version 2");
    }

    [Fact]
    public async Task A_refresh_from_the_dashboard_reaches_an_announced_host_over_its_fleet_connection()
    {
        await using var host = SimulatedHost.Serving(_dashboard.Address, FleetDashboard.Token, "pod-c", "iris", "1");
        await host.StartAsync(TestContext.Current.CancellationToken);
        await _dashboard.WaitForFleetAsync(f => f.Hosts.Count == 1, "pod-c to be listed");

        var outcome = await _dashboard.Service<FleetControl>().RunAsync(new ControlAction("iris", ControlVerb.Refresh, null, "check the store now"), "alice", TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, outcome.Summary);
        Assert.Equal(("iris", "check the store now"), await host.WaitForRefreshAsync());
    }
}
