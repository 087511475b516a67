using Hotswap.Contracts.Rollouts;
using Hotswap.Registry.Audit;
using Hotswap.Registry.Commands;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Rollouts;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Commands;

/// <summary>Every desired-state change goes through one service: limits, the rollout policy, and the audit trail in the store.</summary>
public sealed class DesiredStateCommandsTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pinning_the_candidate_is_a_promotion_refused_until_the_bake_time_has_passed()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        var commands = store.Registry.Commands(new RolloutPolicy { BakeTime = TimeSpan.FromMinutes(10) });
        await commands.ApplyAsync(new StartRollout("iris", "2", RolloutMode.Canary, 10, null, null), "alice", Ct);
        store.Time.Advance(TimeSpan.FromMinutes(9));

        var early = await Assert.ThrowsAsync<CommandRefusedException>(() => commands.ApplyAsync(new PinVersion("iris", "2", "skip the bake"), "alice", Ct));
        var held = await DesiredAsync(store);
        store.Time.Advance(TimeSpan.FromMinutes(1));
        await commands.ApplyAsync(new PinVersion("iris", "2", "baked"), "alice", Ct);

        Assert.Contains("has baked 540 s of the 600 s", early.Message);
        Assert.Equal(("1", "2"), (held.Version, held.Candidate?.Version));
        var pinned = await DesiredAsync(store);
        Assert.Equal(("2", true, null), (pinned.Version, pinned.Pinned, pinned.Candidate));
    }

    [Fact]
    public async Task Pinning_the_candidate_needs_the_approval_a_promotion_needs()
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        var commands = store.Registry.Commands(new RolloutPolicy { RequireApproval = true });
        await commands.ApplyAsync(new StartRollout("iris", "2", RolloutMode.Shadow, 0, null, null), "alice", Ct);

        await Assert.ThrowsAsync<CommandRefusedException>(() => commands.ApplyAsync(new PinVersion("iris", "2", null), "alice", Ct));
        await commands.ApplyAsync(new ApproveRollout("iris", null), "bob", Ct);
        await commands.ApplyAsync(new PinVersion("iris", "2", null), "alice", Ct);

        Assert.Equal("2", (await DesiredAsync(store)).Version);
    }

    [Theory]
    [InlineData(StoreKind.Local)]
    [InlineData(StoreKind.S3)]
    public async Task Applied_and_refused_changes_are_read_back_newest_first_and_bounded(StoreKind kind)
    {
        await using var store = await ServingOneWithTwoPublishedAsync(kind);
        var commands = store.Registry.Commands();
        await commands.ApplyAsync(new StartRollout("iris", "2", RolloutMode.Canary, 10, null, "try 2"), "alice", Ct);
        store.Time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<CommandRefusedException>(() => commands.ApplyAsync(new ApproveRollout("iris", "mine"), "alice", Ct));
        store.Time.Advance(TimeSpan.FromSeconds(1));
        await commands.ApplyAsync(new ApproveRollout("iris", "ok"), "bob", Ct);
        store.Time.Advance(TimeSpan.FromSeconds(1));
        await commands.ApplyAsync(new PromoteRollout("iris", null), "alice", Ct);

        var trail = await store.Registry.Audit.ReadAsync(3, Ct);

        Assert.Equal(
            [("alice", "promote", "1", "2", AuditRecord.Applied), ("bob", "approve", "1", "2", AuditRecord.Applied), ("alice", "approve", "1", null, AuditRecord.Refused)],
            trail.Select(r => (r.Actor, r.Change, r.From, r.To, r.Outcome)));
        Assert.Equal(TestStore.Start + TimeSpan.FromSeconds(3), trail[0].At);
        Assert.Contains("another operator must approve it", trail[2].Detail);
    }

    [Fact]
    public async Task Audit_records_are_created_only_where_none_exists_and_a_declined_guard_write_records_nothing()
    {
        await using var store = TestStore.Local();
        var recording = new WriteRecordingStore(store.Objects);
        var registry = new ModelRegistry(recording, store.Location, store.Time);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await registry.Commands().ApplyAsync(new StartRollout("iris", "1", RolloutMode.Shadow, 0, null, null), "alice", Ct);
        store.Time.Advance(TimeSpan.FromSeconds(1));

        await registry.Commands().ApplyAsync(new GuardAbort("iris", "1", "drift 0.9 over 0.5"), "guard@a", Ct);
        await registry.Commands().ApplyAsync(new GuardAbort("iris", "1", "drift 0.9 over 0.5"), "guard@b", Ct);

        var auditWrites = recording.Writes.Where(w => w.Key.StartsWith(registry.Audit.Prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, auditWrites.Count);
        Assert.All(auditWrites, w => Assert.True(w.Options.IfNoneExist));
        var newest = (await registry.Audit.ReadAsync(10, Ct))[0];
        Assert.Equal(("guard@a", "auto-abort", "2", "2", "drift 0.9 over 0.5"), (newest.Actor, newest.Change, newest.From, newest.To, newest.Reason));
    }

    [Fact]
    public async Task An_audit_record_is_never_rewritten()
    {
        await using var store = TestStore.Local();
        await store.PublishAsync("iris", "1");
        await store.Registry.Commands().ApplyAsync(new PinVersion("iris", "1", "hold"), "alice", Ct);
        var key = await FirstAuditKeyAsync(store);

        using var forged = new MemoryStream("{}"u8.ToArray());
        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => store.Objects.WriteAsync(key, forged, new WriteOptions { IfNoneExist = true }, Ct));

        Assert.Equal("alice", (await store.Registry.Audit.ReadAsync(1, Ct))[0].Actor);
    }

    [Theory]
    [InlineData(1001, 5)]
    [InlineData(10, 101)]
    [InlineData(10, 0)]
    public async Task A_reason_or_actor_over_its_limit_is_refused_before_anything_is_written(int reasonLength, int actorLength)
    {
        await using var store = await ServingOneWithTwoPublishedAsync(StoreKind.Local);
        var before = await DesiredJsonAsync(store);

        await Assert.ThrowsAsync<ArgumentException>(() => store.Registry.Commands().ApplyAsync(new PinVersion("iris", "2", new string('r', reasonLength)), new string('a', actorLength), Ct));

        Assert.Equal(before, await DesiredJsonAsync(store));
        Assert.Empty(await store.Registry.Audit.ReadAsync(10, Ct));
    }

    /// <summary>Versions 1 and 2 published, the fleet held on 1 (by the registry itself, so the trail starts empty).</summary>
    private async Task<TestStore> ServingOneWithTwoPublishedAsync(StoreKind kind)
    {
        var store = TestStore.Open(kind, s3);
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await store.Registry.PinAsync("iris", "1", "ops", null, Ct);
        return store;
    }

    private static async Task<string> FirstAuditKeyAsync(TestStore store)
    {
        await foreach (var entry in store.Objects.ListAsync(store.Registry.Audit.Prefix, Ct))
        {
            return entry.Key;
        }

        throw new InvalidOperationException("The audit trail is empty.");
    }

    private static async Task<string> DesiredJsonAsync(TestStore store) =>
        System.Text.Encoding.UTF8.GetString((await store.Registry.DesiredState.ReadAsync(Ct)).Document.ToJson());

    private static async Task<ModelEntry> DesiredAsync(TestStore store) =>
        (await store.Registry.DesiredState.ReadAsync(Ct)).Document.Find("iris")!;
}
