using System.Net;
using System.Net.Http.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Swapping;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>Named operators' tokens never reach the host's logs, whether they are refused, forbidden or accepted.</summary>
public sealed class NamedTokenLoggingTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task Wrong_forbidden_and_accepted_named_tokens_over_rest_and_the_hub_never_reach_the_logs()
    {
        string[] tokens = [TestOperators.AliceToken, TestOperators.ViewerToken, TestOperators.DashboardToken];
        var logs = new LogCapture();
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using var host = await RunningHost.StartAsync(store, logs: logs);
        await host.WaitUntilServingAsync("1");

        using (var wrong = TestOperators.Client(host.Address, TestOperators.AliceToken + "x"))
        using (var viewer = TestOperators.Client(host.Address, TestOperators.ViewerToken))
        using (var alice = TestOperators.Client(host.Address, TestOperators.AliceToken, onBehalfOf: "bob"))
        using (var dashboard = TestOperators.Client(host.Address, TestOperators.DashboardToken, onBehalfOf: "bob"))
        {
            Assert.Equal(
                [HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK],
                [await PinAsync(wrong), await PinAsync(viewer), await PinAsync(alice), await PinAsync(dashboard)]);
        }

        await using (var hub = await OperatorHub.ConnectAsync(host, TestOperators.DashboardToken, onBehalfOf: "alice"))
        {
            await hub.InvokeAsync<ControlResult>(nameof(ISwapHub.Unpin), Model, new ControlRequest("logging test"));
        }

        Assert.Contains(logs.Entries, e => e.StartsWith("Trace ", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Contains("The operator token is not valid", StringComparison.Ordinal));
        Assert.Empty(logs.Entries.Where(e => tokens.Any(t => e.Contains(t, StringComparison.Ordinal))).Take(10));
    }

    private static async Task<HttpStatusCode> PinAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync($"/control/models/{Model}/pin", new PinRequest("1", "logging test"));
        return response.StatusCode;
    }
}
