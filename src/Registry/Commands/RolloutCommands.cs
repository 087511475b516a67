using Hotswap.Contracts.Rollouts;
using Hotswap.Registry.DesiredState;

namespace Hotswap.Registry.Commands;

/// <summary>Put a version on trial beside the served one, in shadow or as a canary.</summary>
public sealed record StartRollout(string Model, string Candidate, RolloutMode Mode, int Weight, GuardRules? Guard, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => $"rollout-{Mode.ToString().ToLowerInvariant()}";

    public override string Version => Candidate;

    public override bool ChangesCandidateOnly => true;

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.StartRolloutAsync(Model, Candidate, Mode, Weight, Guard, context.Actor, Reason, cancellationToken);
}

/// <summary>Change the percent of requests the canary answers.</summary>
public sealed record SetRolloutWeight(string Model, int Weight, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "rollout-weight";

    public override bool ChangesCandidateOnly => true;

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.SetRolloutWeightAsync(Model, Weight, context.Actor, Reason, cancellationToken);
}

/// <summary>A second operator's approval of the candidate.</summary>
public sealed record ApproveRollout(string Model, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "approve";

    public override bool ChangesCandidateOnly => true;

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.ApproveRolloutAsync(Model, context.Actor, Reason, cancellationToken);
}

/// <summary>Make the candidate the served version, once the rollout policy allows it.</summary>
public sealed record PromoteRollout(string Model, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "promote";

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.PromoteAsync(Model, context.Policy, context.Actor, Reason, cancellationToken);
}

/// <summary>End the trial: the served version answers everything.</summary>
public sealed record AbortRollout(string Model, string? Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "abort";

    internal override async Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        await registry.AbortRolloutAsync(Model, context.Actor, Reason, cancellationToken);
}

/// <summary>The guard's abort: ends the trial only while <paramref name="Candidate"/> is still the candidate.</summary>
public sealed record GuardAbort(string Model, string Candidate, string Reason) : DesiredStateCommand(Model, Reason)
{
    public override string Change => "auto-abort";

    public override string Version => Candidate;

    internal override Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken) =>
        registry.AbortCandidateAsync(Model, Candidate, context.Actor, Reason!, cancellationToken);
}
