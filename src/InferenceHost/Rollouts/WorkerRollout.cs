using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// Where a model's rollout stands on this host, as its worker last left it: the candidate the store asks for and
/// this host's load of it, and the previous version kept warm after a swap until <see cref="GuardUntil"/>.
/// </summary>
public sealed record WorkerRollout(
    RolloutCandidate? Desired,
    CandidateState? State,
    string? Error,
    DateTimeOffset? NextRetryAt,
    ServedModel? Candidate,
    ServedModel? Previous,
    DateTimeOffset? GuardUntil)
{
    public static WorkerRollout None { get; } = new(null, null, null, null, null, null, null);
}
