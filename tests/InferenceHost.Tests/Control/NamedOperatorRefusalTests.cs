using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>
/// Credentials that authenticate yet may not do what they ask: a viewer running control commands, and an operator
/// naming a person it may not act for. Each gets a 403 saying why (a refused call on the hub), and the store is unchanged.
/// </summary>
public sealed class NamedOperatorRefusalTests(ControlHost fixture) : IClassFixture<ControlHost>
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task A_viewer_is_refused_every_control_route_with_a_403_that_says_why()
    {
        var before = await ControlScenario.ManifestAsync(fixture.Store);
        using var viewer = TestOperators.Client(fixture.Host.Address, TestOperators.ViewerToken);
        var routes = ControlRoutes().ToList();
        Assert.Contains("/control/models/{name}/versions/{version}/invocations", routes);

        foreach (var route in routes)
        {
            var problem = await RefusedAsync(viewer, route.Replace("{name}", Model, StringComparison.Ordinal).Replace("{version}", "1", StringComparison.Ordinal));

            Assert.Contains("'carol' is a viewer and may run no control command", problem.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, await ControlScenario.ManifestAsync(fixture.Store));
    }

    [Fact]
    public async Task A_viewer_is_refused_every_hub_control_method_yet_reads_the_status()
    {
        var before = await ControlScenario.ManifestAsync(fixture.Store);
        await using var viewer = await OperatorHub.ConnectAsync(fixture.Host, TestOperators.ViewerToken);

        foreach (var method in typeof(ISwapHub).GetMethods().Where(m => m.Name != nameof(ISwapHub.GetStatus)))
        {
            var request = Activator.CreateInstance(method.GetParameters()[1].ParameterType, RequestArguments(method.GetParameters()[1].ParameterType));
            var refused = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeCoreAsync<ControlResult>(method.Name, [Model, request]));
            Assert.Contains("unauthorized", refused.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.NotNull(await viewer.InvokeAsync<HostStatus>(nameof(ISwapHub.GetStatus)));
        Assert.Equal(before, await ControlScenario.ManifestAsync(fixture.Store));
    }

    [Theory]
    [InlineData(TestOperators.AliceToken, "alice")]
    [InlineData(RunningHost.OperatorToken, "operator")]
    public async Task An_operator_that_may_not_act_for_others_and_names_a_person_is_refused_with_a_403_that_says_why(string token, string name)
    {
        var before = await ControlScenario.ManifestAsync(fixture.Store);
        using var client = TestOperators.Client(fixture.Host.Address, token, onBehalfOf: "bob");

        var problem = await RefusedAsync(client, $"/control/models/{Model}/pin");

        Assert.Equal($"'{name}' sent the Hotswap-On-Behalf-Of header but may not act for others (Control:Operators: ActsForOthers); send the command with your own token and no such header.", problem.Detail);
        Assert.Equal(before, await ControlScenario.ManifestAsync(fixture.Store));
    }

    [Fact]
    public async Task An_operator_that_may_not_act_for_others_and_names_a_person_on_the_hub_is_refused()
    {
        var before = await ControlScenario.ManifestAsync(fixture.Store);
        await using var alice = await OperatorHub.ConnectAsync(fixture.Host, TestOperators.AliceToken, onBehalfOf: "bob");

        await Assert.ThrowsAsync<HubException>(() => alice.InvokeAsync<ControlResult>(nameof(ISwapHub.Pin), Model, new PinRequest("1", "as bob")));

        Assert.Equal(before, await ControlScenario.ManifestAsync(fixture.Store));
    }

    [Theory]
    [InlineData("bob:admin")]
    [InlineData("bob smith")]
    [InlineData("")]
    public async Task The_dashboard_naming_a_malformed_person_is_refused(string person)
    {
        var before = await ControlScenario.ManifestAsync(fixture.Store);
        using var dashboard = TestOperators.Client(fixture.Host.Address, TestOperators.DashboardToken, onBehalfOf: person);

        var problem = await RefusedAsync(dashboard, $"/control/models/{Model}/pin");

        Assert.Equal("The Hotswap-On-Behalf-Of header does not hold one well-formed name (1 to 48 letters, digits, '.', '_', '-' or '@').", problem.Detail);
        Assert.Equal(before, await ControlScenario.ManifestAsync(fixture.Store));
    }

    private static async Task<ProblemDetails> RefusedAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, new StringContent("""{"version": "1", "mode": "shadow", "weight": 10, "reason": "x", "inputs": [[1, 2, 3]]}""", Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"POST {path} answered {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
    }

    private IEnumerable<string> ControlRoutes() =>
        from endpoint in fixture.Host.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        let pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/')
        where pattern.StartsWith("/control/", StringComparison.Ordinal) && endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true
        select pattern;

    /// <summary>A valid body of each request type, built from its record's positional parameters.</summary>
    private static object?[] RequestArguments(Type request) =>
        [.. request.GetConstructors().Single().GetParameters().Select(p => p.Name switch
        {
            "Version" => "1",
            "Reason" => "x",
            _ => p.HasDefaultValue ? p.DefaultValue : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null,
        })];
}
