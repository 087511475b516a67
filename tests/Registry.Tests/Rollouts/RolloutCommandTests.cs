using System.Text;
using Hotswap.Contracts.Rollouts;
using Hotswap.Registry.Commands;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Rollouts;
using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Rollouts;

/// <summary>Rollouts are desired-state writes: the candidate in model_list.json, under the rollout policy.</summary>
public sealed class RolloutCommandTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly RolloutPolicy NoPolicy = new();

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Starting_a_canary_writes_the_candidate_with_who_and_when_and_keeps_the_served_version(StoreKind kind)
    {
        await using var store = await ServingOneWithTwoPublishedAsync(kind);

        await store.Registry.StartRolloutAsync("iris", "2", RolloutMode.Canary, 20, new GuardRules { MaxErrorRate = 0.01 }, "alice", null, Ct);

        var entry = await DesiredAsync(store);
        Assert.Equal("1", entry.Version);
        Assert.Equal("2", entry.Candidate?.Version);
        Assert.Equal(RolloutMode.Canary, entry.Candidate!.Mode);
        Assert.Equal(20, entry.Candidate.Weight);
        Assert.Equal(0.01, entry.Candidate.Guard?.MaxErrorRate);
        Assert.Equal("alice", entry.Candidate.StartedBy);
        Assert.Equal(TestStore.Start, entry.Candidate.StartedAt);
        Assert.Equal("started a 20% canary of version 2", entry.Reason);
    }

    [Fact]
    public async Task The_candidate_is_written_in_the_snake_case_of_the_rest_of_the_manifest()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);

        await store.Registry.StartRolloutAsync("iris", "2", RolloutMode.Shadow, 0, null, "alice", null, Ct);

        var json = Encoding.UTF8.GetString((await store.Registry.DesiredState.ReadAsync(Ct)).Document.ToJson());
        Assert.Contains("\"candidate\": {", json);
        Assert.Contains("\"mode\": \"shadow\"", json);
        Assert.Contains("\"started_by\": \"alice\"", json);
    }

    [Theory]
    [InlineData(RolloutMode.Canary, 0)]
    [InlineData(RolloutMode.Canary, 101)]
    [InlineData(RolloutMode.Shadow, 10)]
    public async Task A_weight_that_does_not_fit_the_mode_is_refused_and_nothing_is_written(RolloutMode mode, int weight)
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);

        await Assert.ThrowsAsync<ArgumentException>(() => store.Registry.StartRolloutAsync("iris", "2", mode, weight, null, "alice", null, Ct));

        Assert.Null((await DesiredAsync(store)).Candidate);
    }

    [Theory]
    [InlineData(-0.1, null, null, "max_error_rate")]
    [InlineData(null, -2.0, null, "max_p99_ratio")]
    [InlineData(null, null, -1, "min_requests")]
    public async Task Guard_rules_with_a_negative_limit_or_an_empty_window_are_refused_and_nothing_is_written(double? maxErrorRate, double? maxP99Ratio, int? minRequests, string rule)
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        var guard = new GuardRules { MaxErrorRate = maxErrorRate, MaxP99Ratio = maxP99Ratio, MinRequests = minRequests };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => store.Registry.StartRolloutAsync("iris", "2", RolloutMode.Shadow, 0, guard, "alice", null, Ct));

        Assert.Contains($"iris version 2 are not valid: {rule}", refused.Message);
        Assert.Null((await DesiredAsync(store)).Candidate);
    }

    [Fact]
    public async Task The_served_version_cannot_be_its_own_candidate()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);

        var refused = await Assert.ThrowsAsync<CommandRefusedException>(() => store.Registry.StartRolloutAsync("iris", "1", RolloutMode.Shadow, 0, null, "alice", null, Ct));

        Assert.Contains("already serves version 1", refused.Message);
    }

    [Fact]
    public async Task Promoting_makes_the_candidate_the_served_version_and_remembers_the_one_it_replaces()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        await store.Registry.StartRolloutAsync("iris", "2", RolloutMode.Canary, 10, null, "alice", null, Ct);

        await store.Registry.PromoteAsync("iris", NoPolicy, "alice", null, Ct);

        var entry = await DesiredAsync(store);
        Assert.Equal("2", entry.Version);
        Assert.Null(entry.Candidate);
        Assert.Equal("1", entry.History[^1]);
        Assert.Equal("models:/iris/2", entry.ModelRelativeUri);
        Assert.StartsWith("promoted version 2 after a 10% canary", entry.Reason);
    }

    [Fact]
    public async Task Promotion_waits_for_the_bake_time_and_says_when_it_may_happen()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        await store.Registry.StartRolloutAsync("iris", "2", RolloutMode.Canary, 10, null, "alice", null, Ct);
        var policy = new RolloutPolicy { BakeTime = TimeSpan.FromMinutes(10) };
        store.Time.Advance(TimeSpan.FromMinutes(9));

        var early = await Assert.ThrowsAsync<CommandRefusedException>(() => store.Registry.PromoteAsync("iris", policy, "alice", null, Ct));
        store.Time.Advance(TimeSpan.FromMinutes(1));
        await store.Registry.PromoteAsync("iris", policy, "alice", null, Ct);

        Assert.Contains("has baked 540 s of the 600 s", early.Message);
        Assert.Equal("2", (await DesiredAsync(store)).Version);
    }

    [Fact]
    public async Task With_approval_required_the_operator_who_started_cannot_approve_and_another_one_unlocks_promotion()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        await store.Registry.StartRolloutAsync("iris", "2", RolloutMode.Canary, 10, null, "alice", null, Ct);
        var policy = new RolloutPolicy { RequireApproval = true };

        await Assert.ThrowsAsync<CommandRefusedException>(() => store.Registry.PromoteAsync("iris", policy, "alice", null, Ct));
        await Assert.ThrowsAsync<CommandRefusedException>(() => store.Registry.ApproveRolloutAsync("iris", "alice", null, Ct));
        await store.Registry.ApproveRolloutAsync("iris", "bob", null, Ct);
        await store.Registry.PromoteAsync("iris", policy, "alice", null, Ct);

        var entry = await DesiredAsync(store);
        Assert.Equal("2", entry.Version);
        Assert.EndsWith("approved by bob", entry.Reason);
    }

    [Fact]
    public async Task Aborting_removes_the_candidate_and_keeps_the_served_version()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        await store.Registry.StartRolloutAsync("iris", "2", RolloutMode.Shadow, 0, null, "alice", null, Ct);

        await store.Registry.AbortRolloutAsync("iris", "bob", null, Ct);

        var entry = await DesiredAsync(store);
        Assert.Equal("1", entry.Version);
        Assert.Null(entry.Candidate);
        Assert.Equal(("bob", "aborted a shadow of version 2"), (entry.UpdatedBy, entry.Reason));
    }

    [Fact]
    public async Task A_guard_abort_seen_by_every_host_is_written_once()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        await store.Registry.StartRolloutAsync("iris", "2", RolloutMode.Canary, 50, null, "alice", null, Ct);

        var first = await store.Registry.AbortCandidateAsync("iris", "2", "guard@a", "auto-rollback: error-rate 1 > 0.05", Ct);
        var second = await store.Registry.AbortCandidateAsync("iris", "2", "guard@b", "auto-rollback: error-rate 1 > 0.05", Ct);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("guard@a", (await DesiredAsync(store)).UpdatedBy);
    }

    [Fact]
    public async Task A_guard_rollback_from_a_version_no_longer_desired_changes_nothing()
    {
        await using var store = TestStore.Open(StoreKind.Local, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await store.PublishAsync("iris", "3");

        var stale = await store.Registry.RollbackFromAsync("iris", "2", "guard@a", "auto-rollback: p99-ratio 5 > 3", Ct);
        var current = await store.Registry.RollbackFromAsync("iris", "3", "guard@a", "auto-rollback: p99-ratio 5 > 3", Ct);

        Assert.Null(stale);
        Assert.Equal("2", current?.Version);
        Assert.True(current!.Pinned);
        Assert.Equal("auto-rollback: p99-ratio 5 > 3", current.Reason);
    }

    [Fact]
    public async Task Pinning_ends_a_rollout_under_way()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        await store.Registry.StartRolloutAsync("iris", "2", RolloutMode.Canary, 10, null, "alice", null, Ct);

        await store.Registry.PinAsync("iris", "1", "bob", null, Ct);

        Assert.Null((await DesiredAsync(store)).Candidate);
    }

    [Fact]
    public async Task Publishing_a_newer_version_advances_the_served_version_and_keeps_the_rollout_under_way()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        await store.Registry.UnpinAsync("iris", "ops", null, Ct);
        await store.Registry.StartRolloutAsync("iris", "1", RolloutMode.Canary, 10, null, "alice", null, Ct);

        await store.PublishAsync("iris", "3");

        var entry = await DesiredAsync(store);
        Assert.Equal(("3", "1"), (entry.Version, entry.Candidate?.Version));
    }

    /// <summary>Versions 1 and 2 published, the fleet held on 1.</summary>
    private async Task<TestStore> ServingOneWithTwoPublishedAsync(StoreKind kind)
    {
        var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await store.Registry.PinAsync("iris", "1", "ops", null, Ct);
        return store;
    }

    private static async Task<ModelEntry> DesiredAsync(TestStore store) =>
        (await store.Registry.DesiredState.ReadAsync(Ct)).Document.Find("iris")!;
}
