using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Hubs;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Tests.Api;

/// <summary>
/// Enumerates what the host exposes instead of listing it by hand, so a control route or hub method added later
/// without the operator requirement fails here.
/// </summary>
public sealed class EndpointSecurityTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    /// <summary>The only routes anyone may post to: they predict and change nothing.</summary>
    private static readonly string[] PublicPosts = ["/predict", "/invocations", "/models/{name}/invocations"];

    [Fact]
    public async Task Every_route_that_is_not_a_prediction_and_takes_a_body_refuses_callers_without_the_right_token()
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        var before = await ControlScenario.ManifestAsync(store);
        var guarded = ChangingRoutes(host).ToList();
        Assert.Contains("/control/models/{name}/pin", guarded.Select(r => r.Pattern));

        foreach (var (pattern, method) in guarded)
        {
            var path = pattern.Replace("{name}", ModelStoreScenario.Model, StringComparison.Ordinal).Replace("{version}", "1", StringComparison.Ordinal);
            foreach (var token in new[] { null, RunningHost.OperatorToken + "x", "" })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("""{"version": "1", "reason": "x", "inputs": [[1, 2, 3]]}""", Encoding.UTF8, "application/json") };
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                var response = await host.Client.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with token '{token}' answered {(int)response.StatusCode}");
            }
        }

        Assert.Equal(before, await ControlScenario.ManifestAsync(store));
    }

    [Fact]
    public async Task Every_hub_method_but_reading_the_status_refuses_callers_without_the_right_token()
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        var before = await ControlScenario.ManifestAsync(store);
        var control = typeof(ISwapHub).GetMethods().Where(m => m.Name != nameof(ISwapHub.GetStatus)).ToList();
        Assert.All(control, m => Assert.NotNull(typeof(SwapHub).GetMethod(m.Name)!.GetCustomAttribute<AuthorizeAttribute>()));

        foreach (var token in new[] { null, RunningHost.OperatorToken + "x" })
        {
            await using var hub = await HubRecorder.ConnectAsync(host, token);
            foreach (var method in control)
            {
                var type = method.GetParameters()[1].ParameterType;
                object request = type == typeof(PinRequest) ? new PinRequest("1", "x")
                    : type == typeof(StartRolloutRequest) ? new StartRolloutRequest("1", Contracts.Rollouts.RolloutMode.Shadow)
                    : type == typeof(RolloutWeightRequest) ? new RolloutWeightRequest(50)
                    : new ControlRequest("x");
                await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeCoreAsync<ControlResult>(method.Name, [ModelStoreScenario.Model, request]));
            }

            Assert.NotNull(await hub.Connection.InvokeAsync<Contracts.Status.HostStatus>(nameof(ISwapHub.GetStatus)));
        }

        Assert.Equal(before, await ControlScenario.ManifestAsync(store));
        var served = await host.WaitUntilServingAsync("2");
        Assert.False(served!.Pinned);
    }

    private static IEnumerable<(string Pattern, string Method)> ChangingRoutes(RunningHost host) =>
        from endpoint in host.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        let pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/')
        from method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []
        where method is not ("GET" or "HEAD" or "OPTIONS") && !PublicPosts.Contains(pattern) && !pattern.StartsWith("/hubs/", StringComparison.Ordinal)
        select (pattern, method);
}
