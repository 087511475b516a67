using Hotswap.Contracts.Fleet;
using Hotswap.Testing.Hosts;

namespace Hotswap.Dashboard.EndToEnd.Tests.Fleet;

/// <summary>
/// Real host processes configured with nothing of the dashboard but its URL and the fleet token, and a dashboard
/// process with no host list: the hosts appear in <c>GET /api/fleet</c>, their swaps show there, a killed one turns
/// stale and is forgotten, and a restarted dashboard sees every host again without anyone touching them.
/// </summary>
public sealed class AnnouncedHostsTests(AnnouncedFleetFixture fleet) : IClassFixture<AnnouncedFleetFixture>
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task Hosts_that_only_know_the_dashboards_url_are_listed_connected_with_what_they_serve()
    {
        var view = await fleet.WaitForFleetAsync(v => ServingEverywhere(v, version: null), "both hosts listed, connected and serving");

        Assert.All(AnnouncedFleetFixture.HostIds, id =>
        {
            var host = Assert.Single(view.Hosts, h => h.HostId == id);
            Assert.Equal(("announced", true, false, "Poll"), (host.Source, host.Connected, host.Stale, host.Mode));
            Assert.Equal(Environment.MachineName, host.Instance?.Hostname);
        });
    }

    [Fact]
    public async Task A_publish_shows_in_the_fleet_api_as_each_host_serving_the_new_version()
    {
        await fleet.WaitForFleetAsync(v => ServingEverywhere(v, version: null), "both hosts listed and serving");

        await fleet.Store.PublishAsync(2);

        await fleet.WaitForFleetAsync(v => ServingEverywhere(v, "2"), "both hosts serving version 2 in /api/fleet");
    }

    [Fact]
    public async Task A_host_killed_with_SIGKILL_turns_stale_then_disappears()
    {
        const string doomed = "announced-host-killed";
        await using var host = await fleet.StartHostAsync(doomed);
        await fleet.WaitForFleetAsync(v => v.Hosts.Any(h => h.HostId == doomed && h.Connected), "the new host listed connected");

        await host.KillAsync();

        var stale = await fleet.WaitForFleetAsync(v => v.Hosts.Any(h => h.HostId == doomed && h.Stale), "the killed host shown stale");
        Assert.False(stale.Hosts.Single(h => h.HostId == doomed).Connected);
        await fleet.WaitForFleetAsync(v => v.Hosts.All(h => h.HostId != doomed), "the killed host forgotten");
    }

    [Fact]
    public async Task A_restarted_dashboard_sees_every_host_again_without_touching_them()
    {
        await fleet.WaitForFleetAsync(v => ServingEverywhere(v, version: null), "both hosts listed and serving");

        await fleet.Dashboard.RestartAsync();

        await fleet.WaitForFleetAsync(v => ServingEverywhere(v, version: null), "both hosts listed again after the restart");
    }

    [Fact]
    public async Task A_host_in_OnRequest_mode_is_listed_from_the_reports_it_posts_after_its_checks()
    {
        const string lambda = "announced-host-on-request";
        await using var host = await fleet.StartHostAsync(lambda, mode: "OnRequest");

        var view = await fleet.WaitForFleetAsync(
            v => v.Hosts.Any(h => h.HostId == lambda && h.Models.Any(m => m.Model == Model && m.ServedVersion is not null)),
            "the OnRequest host listed serving, from its reports");

        Assert.Equal(("reported", "OnRequest"), (view.Hosts.Single(h => h.HostId == lambda).Source, view.Hosts.Single(h => h.HostId == lambda).Mode));
    }

    [Fact]
    public async Task A_host_with_a_wrong_fleet_token_is_refused_says_why_and_is_never_listed()
    {
        const string intruder = "announced-host-wrong-token";
        await using var host = await fleet.StartHostAsync(intruder, token: "not-the-fleet-token-0123456789abcdef");

        await Eventually.ReturnsAsync(() => Task.FromResult(host.Output), output => output.Contains("401", StringComparison.Ordinal), "the host to log the dashboard's 401");

        Assert.DoesNotContain((await fleet.FleetAsync()).Hosts, h => h.HostId == intruder);
    }

    /// <summary>Every fixture host listed, connected, not stale and serving (<paramref name="version"/>, or any when null).</summary>
    private static bool ServingEverywhere(FleetView view, string? version) =>
        AnnouncedFleetFixture.HostIds.All(id => view.Hosts.Any(h =>
            h.HostId == id && h.Connected && !h.Stale &&
            h.Models.Any(m => m.Model == Model && m.ServedVersion is { } served && (version is null || served == version))));
}
