using System.Diagnostics;
using Hotswap.Testing.Hosts;

namespace Hotswap.Dashboard.Tests.Announcements;

/// <summary>A host that disconnects keeps its last status, turns stale after Fleet:StaleAfter and is forgotten after Fleet:ForgetAfter.</summary>
public sealed class FleetLifetimeTests : IAsyncLifetime
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromSeconds(3);

    private FleetDashboard _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await FleetDashboard.StartAsync(StaleAfter, ForgetAfter);

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task A_disconnected_host_turns_stale_after_StaleAfter_then_disappears_after_ForgetAfter()
    {
        var host = SimulatedHost.Serving(_dashboard.Address, FleetDashboard.Token, "pod-gone", "iris", "3");
        await host.StartAsync(TestContext.Current.CancellationToken);
        await _dashboard.WaitForFleetAsync(f => f.Hosts is [{ Connected: true, Stale: false }], "pod-gone connected");

        await host.DisposeAsync();
        var disconnected = await _dashboard.WaitForFleetAsync(f => f.Hosts is [{ Connected: false }], "pod-gone disconnected");
        var clock = Stopwatch.StartNew();
        var stale = await _dashboard.WaitForFleetAsync(f => f.Hosts is [{ Stale: true }], "pod-gone stale");
        var staleAfter = clock.Elapsed;
        await _dashboard.WaitForFleetAsync(f => f.Hosts.Count == 0, "pod-gone forgotten");
        var forgottenAfter = clock.Elapsed;

        Assert.False(disconnected.Hosts[0].Stale);
        Assert.Equal(("3", disconnected.Hosts[0].LastSeen), (stale.Hosts[0].Models[0].ServedVersion, stale.Hosts[0].LastSeen));
        // Measured from when the disconnection was first seen, which is up to one read after it happened.
        Assert.InRange(staleAfter, StaleAfter - TimeSpan.FromMilliseconds(500), ForgetAfter);
        Assert.InRange(forgottenAfter, ForgetAfter - TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
    }
}
