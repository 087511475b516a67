using Hotswap.Contracts.Rollouts;

namespace Hotswap.Contracts.Control;

/// <summary>Body of <c>POST /control/models/{name}/pin</c>. <paramref name="Force"/> skips the signature check.</summary>
public sealed record PinRequest(string Version, string? Reason = null, bool Force = false);

/// <summary>Body of unpin, rollback, refresh and the rollout's approve, promote and abort. Who acts is the authenticated operator, never a body field.</summary>
public sealed record ControlRequest(string? Reason = null, bool Force = false);

/// <summary>What a control command did: the desired version now in the store and what this host serves after it.</summary>
public sealed record ControlResult(string Model, string Action, string? DesiredVersion, bool Pinned, string? ServedVersion, string State, string? Error, RolloutStatus? Rollout = null);
