namespace Hotswap.Registry.Commands;

/// <summary>
/// A desired-state command that the desired state or the rollout policy does not allow now (approving one's own
/// rollout, promoting before the bake time, rolling back with nothing to go back to); the message says why. Only this
/// type means "refused": any other exception is a bug or a failure and surfaces as such.
/// </summary>
public sealed class CommandRefusedException(string message) : Exception(message);
