using Hotswap.Contracts.Rollouts;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// How requests to a model meet a second version, as one immutable snapshot on the model's slot, replaced whole when
/// the rollout changes: a candidate in shadow or canary, or the warm previous version after a plain swap. Requests
/// read it with one volatile read; a model with no rollout pays nothing more. What a request does with it is the
/// rollout router's decision.
/// </summary>
public sealed class SlotRollout(ServedModel other, RolloutPhase phase, int weight, bool mirrors, string stickyHeader)
{
    /// <summary>The candidate, or after a swap the previous version. Requests must lease it before running it.</summary>
    public ServedModel Other { get; } = other;

    public RolloutPhase Phase { get; } = phase;

    /// <summary>Percent of requests the candidate answers (canary only).</summary>
    public int Weight { get; } = weight;

    /// <summary>Whether answered requests are copied to the version that did not answer, for comparison.</summary>
    public bool Mirrors { get; } = mirrors;

    /// <summary>The request header whose value keeps a caller on one version of a canary, on every host.</summary>
    public string StickyHeader { get; } = stickyHeader;
}
