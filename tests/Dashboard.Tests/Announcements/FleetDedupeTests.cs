using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.Dashboard.Tests.Announcements;

/// <summary>A host the dashboard dials that also announces itself is one host, not two.</summary>
public sealed class FleetDedupeTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task An_announced_host_with_the_id_of_a_dialed_host_is_listed_once_as_the_dialed_one()
    {
        var store = new ModelStoreScenario(s3rver.Server);
        await store.PublishAsync(1);
        await using var real = await RunningHost.StartAsync(store);
        await real.WaitUntilServingAsync("1");
        await using var dashboard = await FleetDashboard.StartAsync(dialed: [real.Address]);
        var dialed = await dashboard.WaitForFleetAsync(f => f.Hosts is [{ Connected: true, Source: "dialed" }], "the real host dialed");
        var id = dialed.Hosts[0].HostId;
        await using var twin = SimulatedHost.Serving(dashboard.Address, FleetDashboard.Token, id, "iris_model", "1");
        await using var other = SimulatedHost.Serving(dashboard.Address, FleetDashboard.Token, "pod-other", "iris_model", "1");

        await twin.StartAsync(TestContext.Current.CancellationToken);
        await other.StartAsync(TestContext.Current.CancellationToken);
        var fleet = await dashboard.WaitForFleetAsync(f => f.Hosts.Any(h => h.HostId == "pod-other"), "pod-other listed");

        Assert.Equal([(id, "dialed"), ("pod-other", "announced")], fleet.Hosts.Select(h => (h.HostId, h.Source)));
    }
}
