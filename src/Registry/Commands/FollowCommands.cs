using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Mlflow;

namespace Hotswap.Registry.Commands;

/// <summary>
/// Follow <paramref name="Uri"/> in MLflow's registry from now on, starting with <paramref name="To"/> at
/// <paramref name="Path"/>, what it resolves to now (the caller asked MLflow; the registry never does).
/// </summary>
public sealed record Follow(string Model, MlflowModelUri Uri, string To, string Path, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "follow";

    public override string Version => To;

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.StartFollowingAsync(Model, Uri, To, Path, context.Actor, Reason, cancellationToken);
}

/// <summary>Stop following MLflow's registry: stay on the version served, and let publishes advance the model again.</summary>
public sealed record Unfollow(string Model, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "unfollow";

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.StopFollowingAsync(Model, context.Actor, Reason, cancellationToken);
}

/// <summary>
/// The control plane's move of a followed model to <paramref name="To"/>, where <paramref name="Uri"/> points now (an
/// alias moved, a version was registered). Writes nothing while the model is pinned, in a rollout, or already there.
/// </summary>
public sealed record FollowMove(string Model, MlflowModelUri Uri, string To, string Path, string Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "follow-move";

    public override string Version => To;

    internal override Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        registry.MoveFollowedAsync(Model, Uri, To, Path, context.Actor, Reason!, cancellationToken);
}
