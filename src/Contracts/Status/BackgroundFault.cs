namespace Hotswap.Contracts.Status;

/// <summary>
/// The latest unexpected failure of one of a host's background loops (a model's worker, the reconcile loop, the
/// request-triggered check, trial loading, the shadow worker, the hub broadcaster), how many it has had, and when.
/// The loop caught it and went on; <c>GET /status</c> lists every loop that has failed, and the hub sends each fault.
/// </summary>
public sealed record BackgroundFault(string HostId, string Loop, string Error, int Count, DateTimeOffset At);
