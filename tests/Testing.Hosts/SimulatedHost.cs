using System.Collections.Concurrent;
using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.Testing.Hosts;

/// <summary>
/// One host that exists only as a real SignalR client of a dashboard's fleet hub: it registers, reports its status
/// and swaps as an inference host would, and records every Refresh the dashboard asks of it.
/// </summary>
public sealed class SimulatedHost : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string? Model, string Reason)> _refreshes = new();
    private HostStatus _status;

    public SimulatedHost(Uri dashboard, string token, HostAnnouncement announcement, HostStatus status)
    {
        Announcement = announcement;
        _status = status;
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(dashboard, FleetPaths.Hub), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        Connection.On<string?, string>(nameof(IFleetHubClient.Refresh), (model, reason) => _refreshes.Enqueue((model, reason)));
    }

    public HostAnnouncement Announcement { get; }

    public string HostId => Announcement.HostId;

    public HubConnection Connection { get; }

    public HostStatus Status => Volatile.Read(ref _status);

    /// <summary>Every Refresh the dashboard sent, oldest first.</summary>
    public IReadOnlyList<(string? Model, string Reason)> Refreshes => [.. _refreshes];

    /// <summary>A host serving <paramref name="version"/> of <paramref name="model"/>, as an announcing host would say it.</summary>
    public static SimulatedHost Serving(Uri dashboard, string token, string hostId, string model, string version) =>
        new(dashboard, token,
            new HostAnnouncement(hostId, null, "Poll", "AvailabilityPreserving", "simulated", new InstanceFacts(hostId, "simulated", null, "simulated")),
            new HostStatus
            {
                HostId = hostId,
                Mode = "Poll",
                Policy = "AvailabilityPreserving",
                Models = [new ModelStatus { Model = model, ServedVersion = version, DesiredVersion = version, State = ModelState.Serving }],
            });

    /// <summary>Connects and registers; throws the hub's refusal (a HubException) when the dashboard refuses the id.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Connection.StartAsync(cancellationToken);
        await Connection.InvokeAsync(nameof(IFleetHub.Register), Announcement, Status, cancellationToken);
    }

    /// <summary>Reports a finished swap of <paramref name="model"/> to <paramref name="toVersion"/>: started, succeeded, then the status after it.</summary>
    public async Task ReportSwapAsync(string model, string toVersion, CancellationToken cancellationToken = default)
    {
        var from = Status.Models.FirstOrDefault(m => m.Model == model)?.ServedVersion;
        var swapId = $"{HostId}-{model}-{toVersion}";
        var at = DateTimeOffset.UtcNow;
        await Connection.InvokeAsync(nameof(IFleetHub.SwapStarted), new SwapStarted(HostId, swapId, model, from, toVersion, "simulated", at), cancellationToken);
        await Connection.InvokeAsync(nameof(IFleetHub.SwapSucceeded), new SwapSucceeded(HostId, swapId, model, from, toVersion, null, new SwapDurations(1, 1, 1, 1, 4), at), cancellationToken);
        var next = Status with
        {
            Models = [.. Status.Models.Select(m => m.Model == model ? m with { ServedVersion = toVersion, DesiredVersion = toVersion, State = ModelState.Serving, LoadedAt = at } : m)],
        };
        await ReportStatusAsync(next, cancellationToken);
    }

    public async Task ReportStatusAsync(HostStatus status, CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _status, status);
        await Connection.InvokeAsync(nameof(IFleetHub.Status), status, cancellationToken);
    }

    /// <summary>The first Refresh, past or future, that matches; fails after <paramref name="timeout"/> (20 s unless said).</summary>
    public Task<(string? Model, string Reason)> WaitForRefreshAsync(Func<(string? Model, string Reason), bool>? match = null, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => Task.FromResult(Refreshes.FirstOrDefault(r => match?.Invoke(r) ?? true)),
            r => r.Reason is not null,
            $"a Refresh to reach {HostId}",
            timeout ?? TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
