using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>How requests meet a model's second version (none in <see cref="RolloutPhase.Steady"/>), and the phase that puts the model in.</summary>
public sealed record RolloutRoute(RolloutPhase Phase, SlotRollout? Slot)
{
    public static RolloutRoute Steady { get; } = new(RolloutPhase.Steady, null);
}

/// <summary>
/// The one place a model's rollout phase is worked out: the slot publishes the route, the guard judges its phase. The
/// candidate, when one is loaded and still desired, takes the second place; otherwise the warm previous version does.
/// </summary>
public static class VersionRouting
{
    public static RolloutRoute Route(LoadedVersions loaded, RolloutCandidate? desired, GuardOptions guard)
    {
        if (loaded is { Served: not null, Candidate: { } candidate } && desired is not null)
        {
            var phase = desired.Mode == RolloutMode.Canary ? RolloutPhase.Canary : RolloutPhase.Shadow;
            return new RolloutRoute(phase, new SlotRollout(candidate, phase, desired.Weight, mirrors: true, guard.StickyHeader));
        }

        return loaded is { Served: not null, Previous: { } previous }
            ? new RolloutRoute(RolloutPhase.AfterSwap, AfterSwap(previous, guard))
            : RolloutRoute.Steady;
    }

    /// <summary>The previous version standing in after a swap; mirrored requests only when the guard compares outputs.</summary>
    public static SlotRollout AfterSwap(ServedModel previous, GuardOptions guard) =>
        new(previous, RolloutPhase.AfterSwap, 0, mirrors: guard.MaxDrift is not null, guard.StickyHeader);
}
