using Hotswap.Registry;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Rollouts;
using Microsoft.Extensions.Configuration;

namespace Hotswap.Publisher;

/// <summary>
/// What a publisher run talks to: its two output streams and the configuration the store comes from
/// (<c>ModelStore:*</c>, from environment variables such as <c>ModelStore__AccessKeyId</c>). Tests pass their own.
/// </summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, IConfiguration Configuration)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The person running the publisher: recorded as who published a version.</summary>
    public string User { get; init; } = Environment.UserName;

    /// <summary>Who a pin, unpin or rollback is recorded under in the desired state and its audit trail.</summary>
    public string Actor => $"cli:{User}";

    /// <summary>
    /// The desired-state command service, holding promotions (a pin of the version on trial) to the rollout policy of
    /// section <c>Rollout</c> (e.g. <c>Rollout__BakeTime</c>), as the hosts and the dashboard hold theirs.
    /// </summary>
    public DesiredStateCommands Commands(ModelRegistry registry)
    {
        var policy = new RolloutPolicy();
        Configuration.GetSection(RolloutPolicy.Section).Bind(policy);
        return registry.Commands(policy);
    }
}
