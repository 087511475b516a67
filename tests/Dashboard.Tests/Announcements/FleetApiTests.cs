using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Status;
using Hotswap.Testing.Hosts;

namespace Hotswap.Dashboard.Tests.Announcements;

/// <summary><c>GET /api/fleet</c> for a signed-in person or an API token, and <c>POST /api/fleet/reports</c> for hosts that do not stay connected.</summary>
public sealed class FleetApiTests : IAsyncLifetime
{
    private FleetDashboard _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await FleetDashboard.StartAsync();

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("hotswap-tests-not-an-api-token-6b2e9d41a7c3")]
    [InlineData(FleetDashboard.Token)]
    public async Task Without_a_sign_in_or_an_api_token_the_fleet_is_refused_with_401(string? bearer)
    {
        using var client = _dashboard.Client(bearer);

        using var response = await client.GetAsync(FleetPaths.Fleet, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_api_token_reads_each_host_with_its_id_connection_last_sight_and_models()
    {
        await using var host = SimulatedHost.Serving(_dashboard.Address, FleetDashboard.Token, "pod-api", "iris", "4");
        await host.StartAsync(TestContext.Current.CancellationToken);
        using var client = _dashboard.Client(FleetDashboard.ApiToken);

        var fleet = await Eventually.ReturnsAsync(
            async () => JsonDocument.Parse(await client.GetStringAsync(FleetPaths.Fleet, TestContext.Current.CancellationToken)).RootElement,
            f => f.GetProperty("hosts").GetArrayLength() == 1,
            "pod-api listed");

        var listed = fleet.GetProperty("hosts")[0];
        var model = listed.GetProperty("models")[0];
        Assert.Equal(
            ("pod-api", true, JsonValueKind.String, "announced", "iris", "4", "4", "Serving"),
            (listed.GetProperty("hostId").GetString(), listed.GetProperty("connected").GetBoolean(), listed.GetProperty("lastSeen").ValueKind, listed.GetProperty("source").GetString(),
             model.GetProperty("model").GetString(), model.GetProperty("servedVersion").GetString(), model.GetProperty("desiredVersion").GetString(), model.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_signed_in_viewer_reads_the_fleet()
    {
        using var client = _dashboard.Client();
        client.DefaultRequestHeaders.Add("Cookie", _dashboard.SignInCookie("victor", Roles.Viewer));

        using var response = await client.GetAsync(FleetPaths.Fleet, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await response.Content.ReadFromJsonAsync<FleetView>(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_report_from_a_host_in_OnRequest_mode_is_listed_as_reported()
    {
        using var client = _dashboard.Client(FleetDashboard.Token);

        using var response = await client.PostAsJsonAsync(FleetPaths.Reports, Report("lambda-1", "5"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var fleet = await _dashboard.WaitForFleetAsync(f => f.Hosts.Count == 1, "lambda-1 listed");
        Assert.Equal(("lambda-1", "reported", true, "5"), (fleet.Hosts[0].HostId, fleet.Hosts[0].Source, fleet.Hosts[0].Connected, fleet.Hosts[0].Models[0].ServedVersion));
    }

    [Fact]
    public async Task A_report_with_a_wrong_fleet_token_is_refused_with_401()
    {
        using var client = _dashboard.Client(FleetDashboard.ApiToken);

        using var response = await client.PostAsJsonAsync(FleetPaths.Reports, Report("lambda-2", "5"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await _dashboard.ReadFleetAsync()).Hosts);
    }

    [Fact]
    public async Task A_report_naming_the_id_of_a_connected_host_is_refused_with_409()
    {
        await using var host = SimulatedHost.Serving(_dashboard.Address, FleetDashboard.Token, "pod-held", "iris", "1");
        await host.StartAsync(TestContext.Current.CancellationToken);
        using var client = _dashboard.Client(FleetDashboard.Token);

        using var response = await client.PostAsJsonAsync(FleetPaths.Reports, Report("pod-held", "666"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("'pod-held' is held by a host connected to the fleet hub", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_larger_than_a_megabyte_is_refused_with_413()
    {
        using var client = _dashboard.Client(FleetDashboard.Token);
        var huge = Report("lambda-huge", new string('9', 1 << 20));

        using var response = await client.PostAsJsonAsync(FleetPaths.Reports, huge, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static FleetReport Report(string hostId, string version) => new(
        new HostAnnouncement(hostId, null, "OnRequest", "AvailabilityPreserving", "test", new InstanceFacts(null, null, $"2026/12/02/[$LATEST]{hostId}", "lambda")),
        new HostStatus
        {
            HostId = hostId,
            Mode = "OnRequest",
            Policy = "AvailabilityPreserving",
            Models = [new ModelStatus { Model = "iris", ServedVersion = version, DesiredVersion = version, State = ModelState.Serving }],
        });
}
