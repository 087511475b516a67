using Hotswap.Contracts.Swapping;

namespace Hotswap.Dashboard.ServiceClient;

public enum FeedEventKind
{
    Started,
    Succeeded,
    Failed,
    Removed,

    /// <summary>A host's guard rolled a candidate or a fresh swap back; the detail is its reason.</summary>
    AutoRolledBack,

    /// <summary>A version serves unvalidated (no input example, and generated inputs failed); the detail says why.</summary>
    ValidationWarning,

    /// <summary>One of a host's background loops caught an unexpected failure and goes on after a backoff; the model column names the loop.</summary>
    BackgroundFault,

    /// <summary>The dashboard moved a model that follows MLflow's registry (an alias moved); the detail says what moved and how it was learnt.</summary>
    RegistryMoved,
}

/// <summary>One swap event from one host, as the feed shows it.</summary>
public sealed record FeedEntry(
    long Sequence,
    DateTimeOffset At,
    string HostUrl,
    string HostName,
    string Model,
    FeedEventKind Kind,
    string? FromVersion,
    string? ToVersion,
    string? SwapId,
    SwapDurations? Durations,
    string? Detail);
