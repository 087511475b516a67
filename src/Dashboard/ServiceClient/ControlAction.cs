using System.Collections.Immutable;
using Hotswap.Contracts.Control;

namespace Hotswap.Dashboard.ServiceClient;

public enum ControlVerb
{
    Pin,
    Unpin,
    Rollback,
    Refresh,
}

/// <summary>An operator's command for one model, fleet-wide. <see cref="Version"/> is only for pin.</summary>
public sealed record ControlAction(string Model, ControlVerb Verb, string? Version, string? Reason, bool Force = false)
{
    public string Describe() => Verb switch
    {
        ControlVerb.Pin => $"pin {Model} to version {Version}",
        ControlVerb.Unpin => $"unpin {Model} (follow the newest version)",
        ControlVerb.Rollback => $"roll {Model} back",
        _ => $"refresh {Model}",
    };
}

/// <summary>What one host answered; <see cref="Reached"/> is false when the call never got an answer.</summary>
public sealed record HostOutcome(string HostUrl, bool Reached, bool Succeeded, string Message, ControlResult? Result);

/// <summary>A command's result on every host it was sent to.</summary>
public sealed record ActionOutcome(ControlAction Action, string Actor, string? FromVersion, string? ToVersion, ImmutableArray<HostOutcome> Hosts)
{
    public bool Succeeded => !Hosts.IsEmpty && Hosts.All(h => h.Succeeded);

    public string Summary => Succeeded
        ? $"{Action.Describe()}: done on {Hosts.Length} host(s)" + (ToVersion is { } to ? $", desired version {to}" : "")
        : $"{Action.Describe()} failed: " + string.Join("; ", Hosts.Where(h => !h.Succeeded).Select(h => $"{h.HostUrl}: {h.Message}"));
}
