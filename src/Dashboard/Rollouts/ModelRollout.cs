using System.Collections.Immutable;
using Hotswap.Contracts.Rollouts;

namespace Hotswap.Dashboard.Rollouts;

/// <summary>
/// What the dashboard has seen of one model's rollout: the fleet's figures over the last minutes (oldest first), the
/// latest figures of each host (with its guard's rules). Auto-rollbacks are in the swap feed, which keeps them.
/// </summary>
public sealed record ModelRollout(string Model, ImmutableList<RolloutSample> Samples, ImmutableDictionary<string, RolloutStats> LatestByHost)
{
    public static ModelRollout Empty(string model) => new(model, [], ImmutableDictionary<string, RolloutStats>.Empty);
}
