using Hotswap.Contracts.Fleet;
using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Rollouts;
using Hotswap.Dashboard.Tests.Rollouts;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.Dashboard.Tests.Announcements;

/// <summary>
/// A rollout's live figures and a guard's automatic rollback reach the dashboard from a host that only announced itself,
/// exactly as from a host it dials: the rollout page charts them and the audit records the rollback.
/// </summary>
public sealed class FleetRolloutEventsTests : IAsyncLifetime
{
    private FleetDashboard _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await FleetDashboard.StartAsync();

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task Rollout_figures_from_an_announced_host_reach_the_rollout_charts()
    {
        await using var host = await StartedHostAsync("pod-canary");

        await host.Connection.InvokeAsync(nameof(IFleetHub.RolloutStats), RolloutSamples.Stats("pod-canary", [RolloutSamples.Served(90), RolloutSamples.Candidate(10, errors: 1)]), TestContext.Current.CancellationToken);

        var rollout = await Eventually.ReturnsAsync(
            () => Task.FromResult(_dashboard.Service<RolloutMonitor>().Models.Current.GetValueOrDefault("iris_model")),
            r => r?.LatestByHost.ContainsKey("pod-canary") == true,
            "the rollout monitor to hold pod-canary's figures");
        Assert.Equal(10, rollout!.LatestByHost["pod-canary"].Versions.Single(v => v.Version == "2").Requests);
    }

    [Fact]
    public async Task An_automatic_rollback_by_an_announced_hosts_guard_is_audited_as_the_guards()
    {
        await using var host = await StartedHostAsync("pod-guarded");

        await host.Connection.InvokeAsync(nameof(IFleetHub.AutoRolledBack), RolloutSamples.Rollback("pod-guarded"), TestContext.Current.CancellationToken);

        var entries = await Eventually.ReturnsAsync(
            () => Task.FromResult(_dashboard.Service<AuditLog>().Read(10)),
            e => e.Any(entry => entry.Action == "auto-rollback"),
            "the automatic rollback in the audit");
        Assert.Equal(("guard@pod-guarded", "2", "1"), entries.Where(e => e.Action == "auto-rollback").Select(e => (e.Actor, e.FromVersion, e.ToVersion)).Single());
    }

    private async Task<SimulatedHost> StartedHostAsync(string hostId)
    {
        var host = SimulatedHost.Serving(_dashboard.Address, FleetDashboard.Token, hostId, "iris_model", "1");
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }
}
