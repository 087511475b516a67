using Hotswap.Contracts.Rollouts;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Where a model's versions and rollout stand on this host, as its worker last published them, in one snapshot: what is
/// loaded, this host's load of the candidate, and the route (and phase) that follows from both.
/// </summary>
public sealed record WorkerRollout(LoadedVersions Loaded, CandidateLoad Candidate, RolloutRoute Route)
{
    public static WorkerRollout None { get; } = new(LoadedVersions.None, CandidateLoad.None, RolloutRoute.Steady);
}

/// <summary>The candidate the desired state asks for, and how this host's load of it went.</summary>
public sealed record CandidateLoad(RolloutCandidate? Desired, CandidateState? State, string? Error, RetryState? Retry)
{
    public static CandidateLoad None { get; } = new(null, null, null, null);
}
