using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Registry.Audit;
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

/// <summary>Control commands go through the registry's command service: the actor is the authenticated name, the rollout policy holds, the store keeps the audit trail.</summary>
public sealed class ControlCommandTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    [Fact]
    public async Task One_token_holder_cannot_approve_the_rollout_it_started_whatever_name_the_body_carries()
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        await PostAsync(host, "rollout", """{"version": "1", "mode": "canary", "weight": 10, "actor": "alice"}""", HttpStatusCode.OK);

        var refused = await PostAsync(host, "rollout/approve", """{"reason": "looks fine", "actor": "bob"}""", HttpStatusCode.Conflict);

        Assert.Contains("another operator must approve it", refused, StringComparison.Ordinal);
        var candidate = (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(Model)!.Candidate!;
        Assert.Equal(("operator", null), (candidate.StartedBy, candidate.ApprovedBy));
    }

    [Fact]
    public async Task Pinning_the_candidate_under_a_bake_time_is_refused_like_a_promotion()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await store.PublishAsync(2);
        await using var host = await RunningHost.StartAsync(store, new Dictionary<string, string?> { ["Rollout:BakeTime"] = "01:00:00" });
        await host.WaitUntilServingAsync("2");
        await PostAsync(host, "rollout", """{"version": "1", "mode": "shadow"}""", HttpStatusCode.OK);

        var refused = await PostAsync(host, "pin", """{"version": "1", "reason": "skip the bake"}""", HttpStatusCode.Conflict);

        Assert.Contains("Rollout:BakeTime", refused, StringComparison.Ordinal);
        var entry = (await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(Model)!;
        Assert.Equal(("2", false, "1"), (entry.Version, entry.Pinned, entry.Candidate?.Version));
    }

    [Fact]
    public async Task Rest_and_hub_changes_and_refusals_are_appended_to_the_audit_trail_in_the_store()
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        await using var hub = await HubRecorder.ConnectAsync(host, RunningHost.OperatorToken);

        await PostAsync(host, "pin", """{"version": "1", "reason": "v2 drifts"}""", HttpStatusCode.OK);
        await hub.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.StartRollout), Model, new StartRolloutRequest("2", RolloutMode.Canary, 20, Reason: "retry v2"));
        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.ApproveRollout), Model, new ControlRequest("mine")));

        var trail = await store.Registry.Audit.ReadAsync(10, CancellationToken.None);
        Assert.Equal(
            [("operator", "approve", null, AuditRecord.Refused), ("operator", "rollout-canary", "2", AuditRecord.Applied), ("operator", "pin", "1", AuditRecord.Applied)],
            trail.Select(r => (r.Actor, r.Change, r.To, r.Outcome)));
        Assert.Equal(("2", "v2 drifts"), (trail[2].From, trail[2].Reason));
    }

    [Fact]
    public async Task The_hub_runs_every_rollout_command()
    {
        var (store, host) = await ControlScenario.ServingTwoVersionsAsync(s3.Server);
        await using var _ = host;
        await using var hub = await HubRecorder.ConnectAsync(host, RunningHost.OperatorToken);

        var started = await hub.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.StartRollout), Model, new StartRolloutRequest("1", RolloutMode.Canary, 10));
        var weighted = await hub.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.SetRolloutWeight), Model, new RolloutWeightRequest(30));
        var promoted = await hub.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.PromoteRollout), Model, new ControlRequest("good"));
        await hub.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.StartRollout), Model, new StartRolloutRequest("2", RolloutMode.Shadow));
        var aborted = await hub.Connection.InvokeAsync<ControlResult>(nameof(ISwapHub.AbortRollout), Model, new ControlRequest("enough"));

        Assert.Equal(("rollout-canary", "1"), (started.Action, started.Rollout?.Version));
        Assert.Equal(30, weighted.Rollout?.Weight);
        Assert.Equal(("promote", "1"), (promoted.Action, promoted.DesiredVersion));
        Assert.Equal(("abort", null), (aborted.Action, aborted.Rollout));
        Assert.Null((await store.Registry.DesiredState.ReadAsync(CancellationToken.None)).Document.Find(Model)!.Candidate);
    }

    private static async Task<string> PostAsync(RunningHost host, string action, string json, HttpStatusCode expected)
    {
        using var response = await host.Operator.PostAsync($"/control/models/{Model}/{action}", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{action}: {(int)response.StatusCode} {text}");
        return text;
    }
}
