using System.Security.Claims;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Tests.ServiceClient;

/// <summary>
/// The playground's server side, called as a crafted circuit could call it: the operator token goes only with an
/// operator's request and only to a configured fleet host; otherwise nothing is sent at all.
/// </summary>
public sealed class PredictClientTests
{
    private const string Answer = """{"predictions": [1]}""";

    [Fact]
    public async Task An_operator_trying_a_version_on_a_fleet_host_sends_the_operator_token()
    {
        await using var host = await LoopbackHost.StartAsync(Answer, "application/json");

        var outcome = await Client(fleet: host.Url).TryVersionAsync(User(Roles.Operator), host.Url, "iris_model", "1", "{}", CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Body);
        Assert.Equal(("/control/models/iris_model/versions/1/invocations", $"Bearer {Token}"), Assert.Single(host.Requests));
    }

    [Fact]
    public async Task A_viewer_trying_a_version_sends_nothing_and_no_token()
    {
        await using var host = await LoopbackHost.StartAsync(Answer, "application/json");

        var outcome = await Client(fleet: host.Url).TryVersionAsync(User(Roles.Viewer), host.Url, "iris_model", "1", "{}", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(403, outcome.StatusCode);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task An_operator_trying_a_version_on_a_url_outside_the_fleet_sends_nothing_and_no_token()
    {
        await using var elsewhere = await LoopbackHost.StartAsync(Answer, "application/json");

        var outcome = await Client(fleet: "http://127.0.0.1:1").TryVersionAsync(User(Roles.Operator), elsewhere.Url, "iris_model", "1", "{}", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("is not one of the dashboard's hosts", outcome.Body, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task A_prediction_to_a_url_outside_the_fleet_sends_nothing()
    {
        await using var elsewhere = await LoopbackHost.StartAsync(Answer, "application/json");

        var outcome = await Client(fleet: "http://127.0.0.1:1").PredictAsync(elsewhere.Url, "iris_model", "{}", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Empty(elsewhere.Requests);
    }

    private const string Token = "a-playground-test-token-of-32-characters";

    private static PredictClient Client(string fleet) =>
        new(new PlainHttpClients(), Microsoft.Extensions.Options.Options.Create(new DashboardOptions { Hosts = [fleet + "/"], OperatorToken = Token }));

    private static ClaimsPrincipal User(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role)], "test"));
}
