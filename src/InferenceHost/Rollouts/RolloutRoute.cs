using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// One request's way through a rollout: the version that runs it first, the version that answers instead when that
/// run fails (null: the failure is the answer), the version that gets a copy of the request when the first one
/// answered (null: no copy), and the version whose window the comparison lands in.
/// </summary>
public readonly record struct RolloutRoute(ServedModel First, ServedModel? StandIn, ServedModel? CopyTo, ServedModel Guarded);
