using Hotswap.Registry.DesiredState;

namespace Hotswap.Registry.Commands;

/// <summary>
/// One change to the fleet's desired state, for one model, with the reason an operator gave. The set is closed (the
/// constructor is not visible outside the registry): every writer (REST, hub, dashboard, CLI, guard) builds one of
/// these and hands it to <see cref="DesiredStateCommands"/>, which checks the limits, applies it and audits it.
/// </summary>
public abstract record DesiredStateCommand
{
    private protected DesiredStateCommand(string model, string? reason)
    {
        Model = model;
        Reason = reason;
    }

    public string Model { get; }

    public string? Reason { get; }

    /// <summary>The change's name in the audit trail and in a host's answer (pin, rollout-canary, approve…).</summary>
    public abstract string Change { get; }

    /// <summary>The version the command asks for, when it names one.</summary>
    public virtual string? Version => null;

    /// <summary>True for start, weight and approve, which change the candidate and not the served version.</summary>
    public virtual bool ChangesCandidateOnly => false;

    /// <summary>False for refresh, which only makes a host converge on the desired state as it is.</summary>
    public virtual bool ChangesDesiredState => true;

    /// <summary>Writes the change; null when it declines (the guard's writes, once another writer got there first).</summary>
    internal abstract Task<ModelEntry?> ApplyAsync(ModelRegistry registry, CommandContext context, CancellationToken cancellationToken);
}

/// <summary>Who applies a command, and the rollout policy promotions are held to.</summary>
internal sealed record CommandContext(string Actor, Rollouts.RolloutPolicy Policy);
