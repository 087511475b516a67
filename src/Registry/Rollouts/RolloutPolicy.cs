namespace Hotswap.Registry.Rollouts;

/// <summary>
/// <c>Rollout:*</c>: what a promotion needs. Hosts and the dashboard bind the same section, so a promotion is held to
/// the same policy whichever of them writes it to the store.
/// </summary>
public sealed class RolloutPolicy
{
    public const string Section = "Rollout";

    /// <summary>How long a candidate must have been on live traffic before it may be promoted.</summary>
    public TimeSpan BakeTime { get; set; } = TimeSpan.Zero;

    /// <summary>When set, a second operator (not the one who started the rollout) must approve it before promotion.</summary>
    public bool RequireApproval { get; set; }
}
