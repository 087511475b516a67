using System.Net;
using System.Net.Http.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>What the store records as <c>updated_by</c>: the authenticated name, or the dashboard and the person it acts for; never a body field.</summary>
public sealed class ControlActorRecordingTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    [Theory]
    [InlineData(TestOperators.AliceToken, null, "alice")]
    [InlineData(RunningHost.OperatorToken, null, "operator")]
    [InlineData(TestOperators.DashboardToken, "bob", "dashboard:bob")]
    [InlineData(TestOperators.DashboardToken, null, "dashboard")]
    public async Task A_pin_over_rest_is_recorded_under_the_authenticated_name_whatever_the_body_says(string token, string? person, string recorded)
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        using var client = TestOperators.Client(host.Address, token, person);

        using var pin = await client.PostAsJsonAsync($"/control/models/{Model}/pin", new { version = "1", reason = "v2 drifts", actor = "mallory" });

        Assert.Equal(HttpStatusCode.OK, pin.StatusCode);
        Assert.Equal(recorded, (await OperatorScenario.EntryAsync(store)).UpdatedBy);
    }

    [Theory]
    [InlineData(TestOperators.BobToken, null, "bob")]
    [InlineData(TestOperators.DashboardToken, "alice", "dashboard:alice")]
    public async Task A_pin_over_the_hub_is_recorded_under_the_authenticated_name(string token, string? person, string recorded)
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        await using var hub = await OperatorHub.ConnectAsync(host, token, person);

        var result = await hub.InvokeAsync<ControlResult>(nameof(ISwapHub.Pin), Model, new PinRequest("1", "from the hub"));

        Assert.True(result.Pinned);
        Assert.Equal(recorded, (await OperatorScenario.EntryAsync(store)).UpdatedBy);
    }
}
