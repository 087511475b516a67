using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Swapping;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Tests.Api;

/// <summary>The operator token never reaches the host's logs, at any level, whether a call is refused or accepted.</summary>
public sealed class TokenLoggingTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task Refused_and_accepted_control_calls_over_rest_and_the_hub_never_log_the_token()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await store.PublishAsync(2);
        var logs = new LogCapture();
        await using var host = await RunningHost.StartAsync(store, logs: logs);
        await host.WaitUntilServingAsync("2");
        var token = RunningHost.OperatorToken;

        var refused = new List<HttpResponseMessage>
        {
            await SendAsync(host, $"/control/models/{Model}/pin", new AuthenticationHeaderValue("Bearer", token + "x")),
            await SendAsync(host, $"/control/models/{Model}/pin", new AuthenticationHeaderValue("Basic", token)),
            await SendAsync(host, $"/control/models/{Model}/pin?access_token={token}", null),
        };
        var accepted = new List<HttpResponseMessage>
        {
            await host.Operator.PostAsJsonAsync($"/control/models/{Model}/pin", new PinRequest("1", "logging test")),
            await host.Operator.PostAsJsonAsync($"/control/models/{Model}/refresh", new ControlRequest()),
        };
        await using (var wrong = await HubRecorder.ConnectAsync(host, token + "x"))
        {
            await Assert.ThrowsAsync<HubException>(() => wrong.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.Unpin), Model, new ControlRequest("x")));
        }

        await using (var right = await HubRecorder.ConnectAsync(host, token))
        {
            await right.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.Unpin), Model, new ControlRequest("logging test"));
        }

        Assert.All(refused, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.All(accepted, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // The capture sees every level, and the refusals themselves, so a token written with them would be found.
        Assert.Contains(logs.Entries, e => e.StartsWith("Trace ", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Contains("The operator token is not valid", StringComparison.Ordinal));
        var leaks = logs.Entries.Where(e => e.Contains(token, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, $"the token is in {leaks.Count} log entries:{Environment.NewLine}{string.Join(Environment.NewLine, leaks.Take(10))}");
    }

    private static async Task<HttpResponseMessage> SendAsync(RunningHost host, string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new PinRequest("1", "x")) };
        request.Headers.Authorization = authorization;
        return await host.Client.SendAsync(request);
    }
}
