using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

// Deployment.Tests compiles this suite too and runs it against the published Native AOT host, under its own namespace.
#if PUBLISHED_HOST
namespace Hotswap.Deployment.Tests.PublishedHost.Api;
#else
namespace Hotswap.InferenceHost.Tests.Api;
#endif

public sealed class ControlApiTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    public static TheoryData<string, string> ControlCalls => new()
    {
        { "refresh", "{}" },
        { "pin", """{"version": "1", "reason": "x"}""" },
        { "unpin", "{}" },
        { "rollback", """{"reason": "x"}""" },
    };

    [Theory]
    [MemberData(nameof(ControlCalls))]
    public async Task Control_calls_without_the_operator_token_get_401_and_change_nothing(string action, string body)
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        var before = await ControlScenario.ManifestAsync(store);

        var anonymous = await host.Client.PostAsync($"/control/models/{ModelStoreScenario.Model}/{action}", Json(body));
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, $"/control/models/{ModelStoreScenario.Model}/{action}") { Content = Json(body) };
        wrongToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningHost.OperatorToken + "x");
        var wrong = await host.Client.SendAsync(wrongToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(before, await ControlScenario.ManifestAsync(store));
    }

    [Fact]
    public async Task Hub_control_methods_refuse_a_client_without_the_token_and_change_nothing()
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        await using var hub = await HubRecorder.ConnectAsync(host);
        var before = await ControlScenario.ManifestAsync(store);

        var error = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.Pin), ModelStoreScenario.Model, new PinRequest("1")));

        Assert.Contains("unauthorized", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await ControlScenario.ManifestAsync(store));
    }

    [Fact]
    public async Task Hub_control_methods_work_with_the_token_as_access_token()
    {
        var (_, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var __ = host;
        await using var hub = await HubRecorder.ConnectAsync(host, RunningHost.OperatorToken);

        var result = await hub.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.Pin), ModelStoreScenario.Model, new PinRequest("1", "from the hub"));

        Assert.Equal("1", result.ServedVersion);
        Assert.True(result.Pinned);
    }

    [Fact]
    public async Task A_pin_records_the_authenticated_operator_and_why_in_the_desired_state()
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;

        await host.Operator.PostAsJsonAsync($"/control/models/{ModelStoreScenario.Model}/pin", new PinRequest("1", "v2 drifts"));
        var entry = (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(ModelStoreScenario.Model)!;

        Assert.Equal(("1", true, "operator", "v2 drifts"), (entry.Version, entry.Pinned, entry.UpdatedBy, entry.Reason));
    }

    [Theory]
    [InlineData("pin", """{"version": "../../etc"}""", HttpStatusCode.BadRequest, "not a valid version")]
    [InlineData("pin", """{"version": "9"}""", HttpStatusCode.NotFound, "has no version 9")]
    [InlineData("rollback", """{"reason": "REASON"}""", HttpStatusCode.BadRequest, "at most 1000")]
    public async Task Invalid_control_requests_are_refused_clearly_and_leave_the_store_unchanged(string action, string body, HttpStatusCode status, string detail)
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        var before = await ControlScenario.ManifestAsync(store);

        var response = await host.Operator.PostAsync($"/control/models/{ModelStoreScenario.Model}/{action}", Json(body.Replace("REASON", new string('x', 5000))));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await ControlScenario.ManifestAsync(store));
    }

    [Fact]
    public async Task A_control_call_for_an_unknown_model_gets_404()
    {
        var (_, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var __ = host;

        var response = await host.Operator.PostAsync("/control/models/unknown_model/refresh", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Concurrent_commands_are_serialized_and_the_host_ends_on_the_last_one()
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        await store.PublishAsync(3);

        var commands = Enumerable.Range(0, 12).Select(i => host.Operator.PostAsJsonAsync($"/control/models/{ModelStoreScenario.Model}/pin", new PinRequest(((i % 3) + 1).ToString())));
        var responses = await Task.WhenAll(commands);
        var final = (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(ModelStoreScenario.Model)!.Version;
        var refreshed = await host.Operator.PostAsync($"/control/models/{ModelStoreScenario.Model}/refresh", Json("{}"));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(final, (await refreshed.Content.ReadFromJsonAsync<ControlResult>())!.ServedVersion);
        Assert.Equal(final, (await host.PredictAsync([0f, 0f, 0f])).Headers.GetValues("X-Model-Version").Single());
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
