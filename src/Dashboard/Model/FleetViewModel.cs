using System.Collections.Immutable;
using Hotswap.Contracts.Status;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Model;

/// <summary>One host row group on the fleet page.</summary>
public sealed record HostViewModel
{
    public required string Url { get; init; }
    public required string Name { get; init; }
    public required HostConnectionState Connection { get; init; }
    public HostKind Kind { get; init; } = HostKind.Hub;
    public required DateTimeOffset Since { get; init; }
    public string? Error { get; init; }
    public string? Mode { get; init; }
    public DateTimeOffset? LastCheck { get; init; }
    public string? LastCheckError { get; init; }
    public required ImmutableArray<ModelStatus> Models { get; init; }

    public bool IsConnected => Connection == HostConnectionState.Connected;

    public static HostViewModel From(HostState host) => new()
    {
        Url = host.Url,
        Name = host.Name,
        Connection = host.Connection,
        Kind = host.Kind,
        Since = host.Since,
        Error = host.Error,
        Mode = host.Status is { } s ? $"{s.Mode}, {s.Policy}" : null,
        LastCheck = host.Status?.LastCheck,
        LastCheckError = host.Status?.LastCheckError,
        Models = host.Status?.Models.OrderBy(m => m.Model, StringComparer.Ordinal).ToImmutableArray() ?? [],
    };

    public static ImmutableArray<HostViewModel> From(ImmutableArray<HostState> hosts) => [.. hosts.Select(From)];
}
