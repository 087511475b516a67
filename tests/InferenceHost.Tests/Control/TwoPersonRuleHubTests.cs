using Hotswap.Contracts.Control;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Swapping;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>The two-person rule over the hub's rollout methods: alice cannot approve her own rollout and bob can, directly and through the dashboard's credentials.</summary>
public sealed class TwoPersonRuleHubTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = OperatorScenario.Model;

    [Fact]
    public async Task Over_the_hub_the_operator_who_started_a_rollout_cannot_approve_it_and_another_operator_can()
    {
        var (store, host) = await OperatorScenario.ReadyForARolloutAsync(s3.Server);
        await using var _ = host;
        await using var alice = await OperatorHub.ConnectAsync(host, TestOperators.AliceToken);
        await using var bob = await OperatorHub.ConnectAsync(host, TestOperators.BobToken);

        await ApproveOwnThenOthersAsync(store, alice, bob, "alice", "bob");
    }

    [Fact]
    public async Task Over_the_hub_through_the_dashboards_credentials_the_person_who_started_cannot_approve_and_another_person_can()
    {
        var (store, host) = await OperatorScenario.ReadyForARolloutAsync(s3.Server);
        await using var _ = host;
        await using var alice = await OperatorHub.ConnectAsync(host, TestOperators.DashboardToken, onBehalfOf: "alice");
        await using var bob = await OperatorHub.ConnectAsync(host, TestOperators.DashboardToken, onBehalfOf: "bob");

        await ApproveOwnThenOthersAsync(store, alice, bob, "dashboard:alice", "dashboard:bob");
    }

    private static async Task ApproveOwnThenOthersAsync(ModelStoreScenario store, HubConnection starter, HubConnection other, string starterName, string otherName)
    {
        await starter.InvokeAsync<ControlResult>(nameof(ISwapHub.StartRollout), Model, new StartRolloutRequest("2", RolloutMode.Shadow));

        var refused = await Assert.ThrowsAsync<HubException>(() => starter.InvokeAsync<ControlResult>(nameof(ISwapHub.ApproveRollout), Model, new ControlRequest("my own")));
        Assert.Contains($"{starterName} started the rollout of {Model} version 2; another operator must approve it.", refused.Message, StringComparison.Ordinal);
        Assert.Null((await OperatorScenario.EntryAsync(store)).Candidate!.ApprovedBy);

        await other.InvokeAsync<ControlResult>(nameof(ISwapHub.ApproveRollout), Model, new ControlRequest("reviewed"));
        var candidate = (await OperatorScenario.EntryAsync(store)).Candidate!;
        Assert.Equal((starterName, otherName), (candidate.StartedBy, candidate.ApprovedBy));
    }
}
