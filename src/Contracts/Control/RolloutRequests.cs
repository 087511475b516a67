using Hotswap.Contracts.Rollouts;

namespace Hotswap.Contracts.Control;

/// <summary>Body of <c>POST /control/models/{name}/rollout</c>: start a shadow or canary rollout of a version.</summary>
public sealed record StartRolloutRequest(string Version, RolloutMode Mode, int Weight = 0, GuardRules? Guard = null, string? Reason = null);

/// <summary>Body of <c>POST /control/models/{name}/rollout/weight</c>.</summary>
public sealed record RolloutWeightRequest(int Weight, string? Reason = null);
