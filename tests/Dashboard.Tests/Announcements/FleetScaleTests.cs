using System.Diagnostics;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.Dashboard.Tests.Announcements;

/// <summary>
/// Five hundred hosts, each a real SignalR connection to the fleet hub, beside two real hosts announcing themselves,
/// and one dashboard that keeps up with them all.
/// </summary>
public sealed class FleetScaleTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private const int Simulated = 500;
    private static readonly string[] RealIds = ["real-1", "real-2"];
    private static readonly int Hosts = Simulated + RealIds.Length;

    private FleetDashboard _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await FleetDashboard.StartAsync();

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task Five_hundred_simulated_and_two_real_hosts_are_listed_within_5_s_of_connecting_and_a_publishs_swaps_within_2_s_of_the_last_report()
    {
        var store = new ModelStoreScenario(s3rver.Server);
        await store.PublishAsync(1);
        await using var real1 = await RunningHost.StartAsync(store, Announcing(RealIds[0]));
        await using var real2 = await RunningHost.StartAsync(store, Announcing(RealIds[1]));
        await Task.WhenAll(real1.WaitUntilServingAsync("1"), real2.WaitUntilServingAsync("1"));

        var connecting = Stopwatch.StartNew();
        await using var fleet = await SimulatedFleet.StartAsync(_dashboard.Address, FleetDashboard.Token, Simulated, ModelStoreScenario.Model, "1");
        var connected = connecting.Elapsed;
        var listing = Stopwatch.StartNew();
        await _dashboard.WaitForFleetAsync(f => f.Hosts.Count(h => h.Connected && h.Models is [{ ServedVersion: "1" }]) == Hosts, $"all {Hosts} hosts listed", TimeSpan.FromSeconds(30));
        var listed = listing.Elapsed;

        await store.PublishAsync(2);
        await fleet.ReportSwapAsync(ModelStoreScenario.Model, "2");
        // The real hosts report their swap as soon as it is done: the last report is no later than this.
        await Task.WhenAll(real1.WaitUntilServingAsync("2"), real2.WaitUntilServingAsync("2"));
        var showing = Stopwatch.StartNew();
        var shownFleet = await _dashboard.WaitForFleetAsync(f => f.Hosts.Count(h => h.Models is [{ ServedVersion: "2" }]) == Hosts, $"all {Hosts} hosts serving version 2", TimeSpan.FromSeconds(30));
        var shown = showing.Elapsed;

        TestContext.Current.TestOutputHelper?.WriteLine($"{Simulated} simulated hosts connected and registered in {connected.TotalSeconds:0.00} s; all {Hosts} listed {listed.TotalMilliseconds:0} ms after the last registered; all swaps shown {shown.TotalMilliseconds:0} ms after the last report");
        Assert.Equal(RealIds, shownFleet.Hosts.Select(h => h.HostId).Where(RealIds.Contains).Order());
        Assert.InRange(listed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.InRange(shown, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    private Dictionary<string, string?> Announcing(string hostId) => new()
    {
        ["Swap:HostId"] = hostId,
        ["Fleet:DashboardUrl"] = _dashboard.Address.ToString(),
        ["Fleet:Token"] = FleetDashboard.Token,
    };
}
