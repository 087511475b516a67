using System.Collections.Immutable;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Rollouts;
using Hotswap.Registry.Commands;

namespace Hotswap.Dashboard.ServiceClient;

public enum ControlVerb
{
    Pin,
    Unpin,
    Rollback,
    Refresh,
    StartShadow,
    StartCanary,
    SetWeight,
    Approve,
    Promote,
    Abort,
}

/// <summary>
/// An operator's command for one model, fleet-wide. <see cref="Version"/> is for pin and the start of a rollout;
/// <see cref="Weight"/> (percent) for a canary's start and its weight.
/// </summary>
public sealed record ControlAction(string Model, ControlVerb Verb, string? Version, string? Reason, bool Force = false, int Weight = 0)
{
    public string Describe() => Verb switch
    {
        ControlVerb.Pin => $"pin {Model} to version {Version}",
        ControlVerb.Unpin => $"unpin {Model} (follow the newest version)",
        ControlVerb.Rollback => $"roll {Model} back",
        ControlVerb.StartShadow => $"start a shadow of {Model} version {Version}",
        ControlVerb.StartCanary => $"start a {Weight}% canary of {Model} version {Version}",
        ControlVerb.SetWeight => $"set the canary weight of {Model} to {Weight}%",
        ControlVerb.Approve => $"approve the candidate of {Model}",
        ControlVerb.Promote => $"promote the candidate of {Model}",
        ControlVerb.Abort => $"abort the rollout of {Model}",
        _ => $"refresh {Model}",
    };

    /// <summary>The desired-state command this action is; it decides the audit name and what the action changes.</summary>
    public DesiredStateCommand Command => Verb switch
    {
        ControlVerb.Pin => new PinVersion(Model, Version!, Reason),
        ControlVerb.Unpin => new Unpin(Model, Reason),
        ControlVerb.Rollback => new Rollback(Model, Reason),
        ControlVerb.StartShadow => new StartRollout(Model, Version!, RolloutMode.Shadow, 0, null, Reason),
        ControlVerb.StartCanary => new StartRollout(Model, Version!, RolloutMode.Canary, Weight, null, Reason),
        ControlVerb.SetWeight => new SetRolloutWeight(Model, Weight, Reason),
        ControlVerb.Approve => new ApproveRollout(Model, Reason),
        ControlVerb.Promote => new PromoteRollout(Model, Reason),
        ControlVerb.Abort => new AbortRollout(Model, Reason),
        _ => new Refresh(Model, Reason),
    };

    /// <summary>The action's name in the audit log: its command's.</summary>
    public string AuditName => Command.Change;

    /// <summary>The host's control route under <c>/control/models/{name}/</c>.</summary>
    public string Route => Verb switch
    {
        ControlVerb.StartShadow or ControlVerb.StartCanary => "rollout",
        ControlVerb.SetWeight => "rollout/weight",
        ControlVerb.Approve => "rollout/approve",
        ControlVerb.Promote => "rollout/promote",
        ControlVerb.Abort => "rollout/abort",
        _ => Verb.ToString().ToLowerInvariant(),
    };

    /// <summary>Start, weight and approve change the candidate, not what is served; their target is the candidate.</summary>
    public bool ChangesCandidateOnly => Command.ChangesCandidateOnly;

    public bool IsRollout => ChangesCandidateOnly || Verb is ControlVerb.Promote or ControlVerb.Abort;
}

/// <summary>What one host answered; <see cref="Reached"/> is false when the call never got an answer.</summary>
public sealed record HostOutcome(string HostUrl, bool Reached, bool Succeeded, string Message, ControlResult? Result);

/// <summary>A command's result on every host it was sent to.</summary>
public sealed record ActionOutcome(ControlAction Action, string Actor, string? FromVersion, string? ToVersion, ImmutableArray<HostOutcome> Hosts)
{
    public bool Succeeded => !Hosts.IsEmpty && Hosts.All(h => h.Succeeded);

    public string Summary => Succeeded
        ? $"{Action.Describe()}: done on {Hosts.Length} host(s)" + (ToVersion is { } to ? $", {(Action.ChangesCandidateOnly ? "candidate" : "desired")} version {to}" : "")
        : $"{Action.Describe()} failed: " + string.Join("; ", Hosts.Where(h => !h.Succeeded).Select(h => $"{h.HostUrl}: {h.Message}"));
}
