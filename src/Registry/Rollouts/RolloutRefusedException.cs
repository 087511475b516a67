namespace Hotswap.Registry.Rollouts;

/// <summary>A rollout command the desired state or the rollout policy does not allow now; the message says why.</summary>
public sealed class RolloutRefusedException(string message) : Exception(message);
