namespace Hotswap.Contracts.Status;

/// <summary>A host's whole state, sent to each hub client when it connects and returned by <c>GET /models</c>'s peers.</summary>
public sealed record HostStatus
{
    public required string HostId { get; init; }
    public required string Mode { get; init; }
    public required string Policy { get; init; }
    public DateTimeOffset? LastCheck { get; init; }
    public string? LastCheckError { get; init; }
    public required IReadOnlyList<ModelStatus> Models { get; init; }

    /// <summary>Each background loop's latest unexpected failure (see <see cref="BackgroundFault"/>); empty when none has failed.</summary>
    public IReadOnlyList<BackgroundFault> BackgroundFaults { get; init; } = [];

    /// <summary>How this host stands with the dashboard it announces itself to; null when it announces itself to none.</summary>
    public DashboardLink? Dashboard { get; init; }
}
