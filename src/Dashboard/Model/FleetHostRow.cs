using System.Collections.Immutable;
using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Status;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Model;

/// <summary>One host in the fleet page's table and detail: who it is, where it runs, what it serves and what is wrong.</summary>
public sealed record FleetHostRow
{
    public required string Id { get; init; }

    /// <summary>Where the dashboard reaches it (dialed, polled) or where it says it answers (announced); null when neither.</summary>
    public string? Url { get; init; }

    /// <summary>Where it runs, shortest useful first: namespace/pod, Lambda log stream, host name, else its URL.</summary>
    public required string Where { get; init; }
    public required HostKind Kind { get; init; }
    public required HostConnectionState Connection { get; init; }
    public required HostCondition Condition { get; init; }

    /// <summary>Connected since, while its connection is open; else (and for a reporting host) when it was last heard from.</summary>
    public required DateTimeOffset Since { get; init; }
    public string? Mode { get; init; }
    public InstanceFacts? Instance { get; init; }
    public string? SoftwareVersion { get; init; }

    /// <summary>The first thing wrong, for the table: the connection's error, the store's, or a model's.</summary>
    public string? Problem { get; init; }
    public string? ConnectionError { get; init; }
    public DateTimeOffset? LastCheck { get; init; }
    public string? LastCheckError { get; init; }

    /// <summary>By model name.</summary>
    public required ImmutableArray<ModelStatus> Models { get; init; }

    /// <summary>Lower-case text the free-text filter searches: id, pod, namespace, stream, host name, URL, errors.</summary>
    public required string SearchText { get; init; }

    public bool IsConnected => Connection == HostConnectionState.Connected;

    /// <summary>Its connection is open now: a reporting host has none, it is only heard from at each report.</summary>
    public bool HoldsConnection => IsConnected && Kind != HostKind.Reported;

    public ModelStatus? Find(string model) => Models.FirstOrDefault(m => m.Model == model);

    public static FleetHostRow From(HostState host)
    {
        var models = host.Status?.Models.OrderBy(m => m.Model, StringComparer.Ordinal).ToImmutableArray() ?? [];
        var instance = host.Announcement?.Instance;
        var url = host.Kind is HostKind.Hub or HostKind.Polled ? host.Url : host.Announcement?.BaseUrl;
        var modelError = models.FirstOrDefault(HostConditions.IsInError);
        var problem = host.Error ?? host.Status?.LastCheckError ?? (modelError is null ? null : $"{modelError.Model}: {modelError.LastError ?? "swap failed"}");
        return new FleetHostRow
        {
            Id = host.Name,
            Url = url,
            Where = instance switch
            {
                { PodName: { } pod } => instance.PodNamespace is { } ns ? $"{ns}/{pod}" : pod,
                { LambdaLogStream: { } stream } => stream,
                { Hostname: { } name } => name,
                _ => url ?? "—",
            },
            Kind = host.Kind,
            Connection = host.Connection,
            Condition = HostConditions.Of(host),
            Since = host.Kind == HostKind.Reported || host.Connection != HostConnectionState.Connected ? host.LastSeen ?? host.Since : host.Since,
            Mode = host.Status is { } s ? $"{s.Mode}, {s.Policy}" : host.Announcement is { } a ? $"{a.Mode}, {a.Policy}" : null,
            Instance = instance,
            SoftwareVersion = host.Announcement?.SoftwareVersion,
            Problem = problem,
            ConnectionError = host.Error,
            LastCheck = host.Status?.LastCheck,
            LastCheckError = host.Status?.LastCheckError,
            Models = models,
            SearchText = string.Join('\n', new[] { host.Name, url, instance?.PodName, instance?.PodNamespace, instance?.LambdaLogStream, instance?.Hostname, host.Error, host.Status?.LastCheckError }
                .Concat(models.Select(m => m.LastError)).Where(t => t is not null)).ToLowerInvariant(),
        };
    }
}
