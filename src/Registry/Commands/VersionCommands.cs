using Hotswap.Registry.DesiredState;

namespace Hotswap.Registry.Commands;

/// <summary>Hold the fleet on a version. Pinning the version on trial is a promotion and follows the rollout policy.</summary>
public sealed record PinVersion(string Model, string To, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "pin";

    public override string Version => To;

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.PinAsync(Model, To, context.Actor, Reason, context.Policy, cancellationToken);
}

/// <summary>Release the pin: the fleet follows the newest version.</summary>
public sealed record Unpin(string Model, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "unpin";

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.UnpinAsync(Model, context.Actor, Reason, cancellationToken);
}

/// <summary>Go back to the version served before the current one, and pin it.</summary>
public sealed record Rollback(string Model, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "rollback";

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.RollbackAsync(Model, context.Actor, Reason, cancellationToken);
}

/// <summary>Converge on the desired state as it is: changes nothing in the store, so it is not audited.</summary>
public sealed record Refresh(string Model, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "refresh";

    public override bool ChangesDesiredState => false;

    internal override Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        Task.FromResult<ModelEntry?>(null);
}

/// <summary>The guard's rollback after a swap: only while <paramref name="From"/> is still the desired version.</summary>
public sealed record GuardRollback(string Model, string From, string Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "auto-rollback";

    internal override Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        registry.RollbackFromAsync(Model, From, context.Actor, Reason!, cancellationToken);
}
