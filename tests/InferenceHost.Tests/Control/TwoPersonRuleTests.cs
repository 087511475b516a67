using System.Net;
using System.Net.Http.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Rollouts;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.Mvc;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>
/// Approval needs a different authenticated name than the start: alice cannot approve her own rollout and bob can,
/// over REST and through the dashboard's credentials acting for each. The hub's rollout methods are proved in
/// <see cref="TwoPersonRuleHubTests"/>.
/// </summary>
public sealed class TwoPersonRuleTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = OperatorScenario.Model;

    [Fact]
    public async Task Over_rest_the_operator_who_started_a_rollout_cannot_approve_it_and_another_operator_can()
    {
        var (store, host) = await OperatorScenario.ReadyForARolloutAsync(s3.Server);
        await using var _ = host;
        using var alice = TestOperators.Client(host.Address, TestOperators.AliceToken);
        using var bob = TestOperators.Client(host.Address, TestOperators.BobToken);

        await ApproveOwnThenOthersAsync(store, alice, bob, "alice", "bob");
    }

    [Fact]
    public async Task Through_the_dashboards_credentials_the_person_who_started_a_rollout_cannot_approve_it_and_another_person_can()
    {
        var (store, host) = await OperatorScenario.ReadyForARolloutAsync(s3.Server);
        await using var _ = host;
        using var alice = TestOperators.Client(host.Address, TestOperators.DashboardToken, onBehalfOf: "alice");
        using var bob = TestOperators.Client(host.Address, TestOperators.DashboardToken, onBehalfOf: "bob");

        await ApproveOwnThenOthersAsync(store, alice, bob, "dashboard:alice", "dashboard:bob");
    }

    [Fact]
    public async Task The_shared_token_cannot_approve_its_own_rollout_whatever_name_the_body_carries()
    {
        var (store, host) = await OperatorScenario.ReadyForARolloutAsync(s3.Server);
        await using var _ = host;
        await StartAsync(host.Operator);

        using var approve = await host.Operator.PostAsync($"/control/models/{Model}/rollout/approve", JsonContent.Create(new { actor = "bob", reason = "looks good" }));

        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        var candidate = (await OperatorScenario.EntryAsync(store)).Candidate!;
        Assert.Equal(("operator", null), (candidate.StartedBy, candidate.ApprovedBy));
    }

    private static async Task ApproveOwnThenOthersAsync(ModelStoreScenario store, HttpClient starter, HttpClient other, string starterName, string otherName)
    {
        await StartAsync(starter);

        using var own = await starter.PostAsJsonAsync($"/control/models/{Model}/rollout/approve", new { reason = "my own" });
        var refusal = await own.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Contains($"{starterName} started the rollout of {Model} version 2; another operator must approve it.", refusal!.Detail, StringComparison.Ordinal);
        Assert.Null((await OperatorScenario.EntryAsync(store)).Candidate!.ApprovedBy);

        using var others = await other.PostAsJsonAsync($"/control/models/{Model}/rollout/approve", new { reason = "reviewed" });
        Assert.Equal(HttpStatusCode.OK, others.StatusCode);
        var candidate = (await OperatorScenario.EntryAsync(store)).Candidate!;
        Assert.Equal((starterName, otherName), (candidate.StartedBy, candidate.ApprovedBy));
    }

    private static async Task StartAsync(HttpClient starter)
    {
        using var started = await starter.PostAsJsonAsync($"/control/models/{Model}/rollout", new StartRolloutRequest("2", RolloutMode.Shadow), Json.Options);
        Assert.True(started.IsSuccessStatusCode, $"starting the rollout answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
    }
}
