using System.Diagnostics;
using Hotswap.Testing.Hosts;

namespace Hotswap.Dashboard.Tests.Announcements;

/// <summary>Five hundred hosts, each a real SignalR connection to the fleet hub, and one dashboard that keeps up with them.</summary>
public sealed class FleetScaleTests : IAsyncLifetime
{
    private const int Hosts = 500;

    private FleetDashboard _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await FleetDashboard.StartAsync();

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task Five_hundred_hosts_are_listed_within_5_s_of_connecting_and_their_swaps_within_2_s_of_the_last_report()
    {
        var connecting = Stopwatch.StartNew();
        await using var fleet = await SimulatedFleet.StartAsync(_dashboard.Address, FleetDashboard.Token, Hosts, "iris", "1");
        var connected = connecting.Elapsed;

        var listing = Stopwatch.StartNew();
        await _dashboard.WaitForFleetAsync(f => f.Hosts.Count(h => h.Connected && h.Models is [{ ServedVersion: "1" }]) == Hosts, $"all {Hosts} hosts listed", TimeSpan.FromSeconds(20));
        var listed = listing.Elapsed;

        await fleet.ReportSwapAsync("iris", "2");
        var showing = Stopwatch.StartNew();
        await _dashboard.WaitForFleetAsync(f => f.Hosts.Count(h => h.Models is [{ ServedVersion: "2" }]) == Hosts, $"all {Hosts} hosts serving version 2", TimeSpan.FromSeconds(20));
        var shown = showing.Elapsed;

        TestContext.Current.TestOutputHelper?.WriteLine($"{Hosts} hosts connected and registered in {connected.TotalSeconds:0.00} s; all listed {listed.TotalMilliseconds:0} ms after the last registered; all swaps shown {shown.TotalMilliseconds:0} ms after the last report");
        Assert.InRange(listed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.InRange(shown, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }
}
