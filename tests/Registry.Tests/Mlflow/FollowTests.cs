using Hotswap.Registry.Commands;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Mlflow;
using Hotswap.Registry.Tests.Support;

namespace Hotswap.Registry.Tests.Mlflow;

/// <summary>
/// A desired-state entry that follows an alias of MLflow's registry: moved by the control plane's resolutions, held by
/// a pin, rolled back without asking MLflow, never advanced by a publish. The versions live where MLflow keeps them.
/// </summary>
public sealed class FollowTests : IAsyncLifetime
{
    private static readonly MlflowModelUri Champion = MlflowModelUri.Parse("models:/iris-mlflow@champion");
    private TestStore _store = null!;
    private string _version1 = null!;
    private string _version2 = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DesiredStateCommands Commands => _store.Registry.Commands();

    public ValueTask InitializeAsync()
    {
        _store = TestStore.Local();
        _version1 = _store.WriteMlflowModel("1/models/m-1/artifacts", TestModels.LinearOnnx(1f));
        _version2 = _store.WriteMlflowModel("1/models/m-2/artifacts", TestModels.LinearOnnx(2f));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Following_an_alias_points_the_entry_at_its_version_where_MLflow_keeps_it()
    {
        var entry = await Commands.ApplyAsync(new Follow("iris", Champion, "1", _version1, null), "alice", Ct);

        Assert.Equal(("1", _version1, "models:/iris-mlflow/1", "models:/iris-mlflow@champion", false), (entry!.Version, entry.Path, entry.ModelRelativeUri, entry.Follow, entry.Pinned));
    }

    [Fact]
    public async Task A_move_of_the_alias_moves_the_entry_and_keeps_where_the_version_it_leaves_is()
    {
        await Commands.ApplyAsync(new Follow("iris", Champion, "1", _version1, null), "alice", Ct);

        var moved = await Commands.ApplyAsync(new FollowMove("iris", Champion, "2", _version2, "@champion moved to version 2"), "mlflow-sync", Ct);

        Assert.Equal(("2", _version2, "mlflow-sync", "@champion moved to version 2"), (moved!.Version, moved.Path, moved.UpdatedBy, moved.Reason));
        Assert.Equal(["1"], moved.History);
        Assert.Equal(_version1, moved.Sources!["1"]);
    }

    [Fact]
    public async Task A_pinned_entry_ignores_a_move_of_the_alias()
    {
        await Commands.ApplyAsync(new Follow("iris", Champion, "1", _version1, null), "alice", Ct);
        await Commands.ApplyAsync(new PinVersion("iris", "1", "hold"), "alice", Ct);

        var moved = await Commands.ApplyAsync(new FollowMove("iris", Champion, "2", _version2, "@champion moved to version 2"), "mlflow-sync", Ct);

        Assert.Null(moved);
        Assert.Equal(("1", true), await ServedAsync());
    }

    [Fact]
    public async Task Unpinning_a_followed_entry_keeps_its_version_until_the_next_move()
    {
        await Commands.ApplyAsync(new Follow("iris", Champion, "1", _version1, null), "alice", Ct);
        await Commands.ApplyAsync(new PinVersion("iris", "1", "hold"), "alice", Ct);

        var unpinned = await Commands.ApplyAsync(new Unpin("iris", null), "alice", Ct);
        await Commands.ApplyAsync(new FollowMove("iris", Champion, "2", _version2, "@champion moved to version 2"), "mlflow-sync", Ct);

        Assert.Equal(("1", false, "unpinned; following models:/iris-mlflow@champion again"), (unpinned!.Version, unpinned.Pinned, unpinned.Reason));
        Assert.Equal(("2", false), await ServedAsync());
    }

    [Fact]
    public async Task A_rollback_goes_back_to_the_previous_MLflow_version_and_pins_it()
    {
        await Commands.ApplyAsync(new Follow("iris", Champion, "1", _version1, null), "alice", Ct);
        await Commands.ApplyAsync(new FollowMove("iris", Champion, "2", _version2, "@champion moved to version 2"), "mlflow-sync", Ct);

        var rolledBack = await Commands.ApplyAsync(new Rollback("iris", "version 2 regressed"), "alice", Ct);

        Assert.Equal(("1", _version1, true), (rolledBack!.Version, rolledBack.Path, rolledBack.Pinned));
    }

    [Fact]
    public async Task A_publish_leaves_a_followed_entry_on_the_version_it_follows()
    {
        await Commands.ApplyAsync(new Follow("iris", Champion, "1", _version1, null), "alice", Ct);

        var published = await Commands.PublishAsync(TestModels.Request(_store, "iris", null, TestModels.LinearOnnx(5f)), Ct);

        Assert.Equal((false, "1", "models:/iris-mlflow@champion"), (published.DesiredStateAdvanced, published.HeldAt, published.Follows));
        Assert.Equal(("1", false), await ServedAsync());
    }

    [Fact]
    public async Task A_version_whose_folder_holds_no_MLmodel_is_refused_naming_the_place()
    {
        var refused = await Assert.ThrowsAsync<CommandRefusedException>(() =>
            Commands.ApplyAsync(new Follow("iris", Champion, "3", "mlflow-artifacts:/1/models/m-missing/artifacts", null), "alice", Ct));

        Assert.Contains("models:/iris-mlflow@champion points at version 3, but mlflow-artifacts:/1/models/m-missing/artifacts holds no MLmodel", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Following_a_fixed_version_is_refused_as_it_never_moves()
    {
        var refused = await Assert.ThrowsAsync<CommandRefusedException>(() =>
            Commands.ApplyAsync(new Follow("iris", MlflowModelUri.Parse("models:/iris-mlflow/1"), "1", _version1, null), "alice", Ct));

        Assert.Contains("names one version, which never moves", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_move_is_in_the_audit_trail_as_the_control_planes_with_its_reason()
    {
        await Commands.ApplyAsync(new Follow("iris", Champion, "1", _version1, null), "alice", Ct);

        await Commands.ApplyAsync(new FollowMove("iris", Champion, "2", _version2, "@champion moved to version 2 (webhook delivery d-1)"), "mlflow-sync", Ct);

        var record = Assert.Single(await _store.Registry.Audit.ReadAsync(10, Ct), r => r.Change == "follow-move");
        Assert.Equal(("mlflow-sync", "1", "2", "@champion moved to version 2 (webhook delivery d-1)"), (record.Actor, record.From, record.To, record.Reason));
    }

    private async Task<(string Version, bool Pinned)> ServedAsync()
    {
        var entry = (await _store.Registry.DesiredState.ReadAsync(Ct)).Document.Find("iris")!;
        return (entry.Version, entry.Pinned);
    }
}
