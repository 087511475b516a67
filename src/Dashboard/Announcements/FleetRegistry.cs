using System.Collections.Immutable;
using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Status;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Announcements;

/// <summary>
/// The hosts that announced themselves on the fleet hub or reported over HTTP, by host id. One open connection holds
/// an id at a time; a disconnected host keeps its last status, turns stale after <c>Fleet:StaleAfter</c> and is
/// forgotten after <c>Fleet:ForgetAfter</c> (<see cref="Sweep"/>). Changes only mark the registry changed:
/// <see cref="FleetPublisher"/> publishes them to the <see cref="FleetMonitor"/> in batches, so a storm of reports
/// from hundreds of hosts costs a few snapshots, not one per report.
/// </summary>
public sealed class FleetRegistry(HostEvents events, TimeProvider time, IOptions<FleetOptions> options, ILogger<FleetRegistry> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByConnection = new(StringComparer.Ordinal);
    private bool _changed;

    /// <summary>The open connections of announced hosts, to ask them to refresh.</summary>
    public ImmutableArray<(string HostId, string ConnectionId)> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _idByConnection.Select(c => (c.Value, c.Key))];
            }
        }
    }

    /// <summary>Registers <paramref name="connectionId"/> as the announced host; a hub error when another open connection holds its id.</summary>
    public void Register(string connectionId, HostAnnouncement announcement, HostStatus status)
    {
        var id = announcement.HostId;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new HubException("The announcement names no host id (Swap:HostId).");
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_hosts.TryGetValue(id, out var held) && held.ConnectionId is { } other && other != connectionId)
            {
                DashboardLog.HostIdRefused(logger, id);
                throw new HubException($"Host id '{id}' is held by another connected host; give each host its own Swap:HostId.");
            }

            if (_idByConnection.TryGetValue(connectionId, out var previous) && previous != id)
            {
                _hosts.Remove(previous);
            }

            var state = new HostState(Url(announcement), HostConnectionState.Connected, now, Named(status, id), null)
            {
                Kind = HostKind.Announced,
                Announcement = announcement,
                LastSeen = now,
            };
            _hosts[id] = new Entry(state, connectionId);
            _idByConnection[connectionId] = id;
            _changed = true;
        }

        DashboardLog.HostAnnounced(logger, id, announcement.BaseUrl ?? "no address");
    }

    /// <summary>A registered connection's new status; a hub error before it registered.</summary>
    public void Update(string connectionId, HostStatus status)
    {
        lock (_gate)
        {
            var (id, entry) = Registered(connectionId);
            _hosts[id] = entry with { State = entry.State with { Status = Named(status, id) } };
            _changed = true;
        }
    }

    /// <summary>A registered connection's swap or rollout event, sent where <see cref="HostEvents"/> sends it.</summary>
    public void Record(string connectionId, object e)
    {
        HostState state;
        lock (_gate)
        {
            state = Registered(connectionId).Entry.State;
        }

        events.Record(state.Url, state.Name, e);
    }

    /// <summary>A host's connection closed: it keeps its last status and its id is free.</summary>
    public void Disconnect(string connectionId)
    {
        lock (_gate)
        {
            if (!_idByConnection.Remove(connectionId, out var id) || !_hosts.TryGetValue(id, out var entry))
            {
                return;
            }

            var now = time.GetUtcNow();
            _hosts[id] = new Entry(entry.State with { Connection = HostConnectionState.Unreachable, Since = now, LastSeen = now, Error = "disconnected from the fleet hub" }, null);
            _changed = true;
            DashboardLog.HostDisconnected(logger, id);
        }
    }

    /// <summary>A reporting host's report; false (nothing recorded) when an open connection holds its id.</summary>
    public bool Report(FleetReport report)
    {
        var id = report.Host.HostId;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_hosts.TryGetValue(id, out var held) && held.ConnectionId is not null)
            {
                DashboardLog.HostIdRefused(logger, id);
                return false;
            }

            var since = held?.State is { Kind: HostKind.Reported, Stale: false } previous ? previous.Since : now;
            _hosts[id] = new Entry(new HostState(Url(report.Host), HostConnectionState.Connected, since, Named(report.Status, id), null)
            {
                Kind = HostKind.Reported,
                Announcement = report.Host,
                LastSeen = now,
            }, null);
            _changed = true;
            return true;
        }
    }

    /// <summary>Marks silent hosts stale and forgets those silent for too long.</summary>
    public void Sweep()
    {
        var now = time.GetUtcNow();
        var staleAfter = options.Value.StaleAfter;
        var forgetAfter = options.Value.ForgetAfter;
        lock (_gate)
        {
            foreach (var (id, entry) in _hosts.Where(h => h.Value.ConnectionId is null).ToList())
            {
                var silent = now - (entry.State.LastSeen ?? entry.State.Since);
                if (silent > forgetAfter)
                {
                    _hosts.Remove(id);
                    _changed = true;
                    DashboardLog.HostForgotten(logger, id, forgetAfter);
                }
                else if (silent > staleAfter && !entry.State.Stale)
                {
                    _hosts[id] = entry with { State = entry.State with { Stale = true } };
                    _changed = true;
                }
            }
        }
    }

    /// <summary>Every host ordered by id, or none when nothing changed since the last call.</summary>
    public ImmutableArray<HostState>? TakeChanges()
    {
        lock (_gate)
        {
            if (!_changed)
            {
                return null;
            }

            _changed = false;
            return [.. _hosts.Values.Select(e => e.State).OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
    }

    private (string Id, Entry Entry) Registered(string connectionId) =>
        _idByConnection.TryGetValue(connectionId, out var id) && _hosts.TryGetValue(id, out var entry)
            ? (id, entry)
            : throw new HubException($"Call {nameof(IFleetHub.Register)} before reporting status or events.");

    /// <summary>The dashboard names a host by the id it registered, whatever its status says.</summary>
    private static HostStatus Named(HostStatus status, string id) => status.HostId == id ? status : status with { HostId = id };

    private static string Url(HostAnnouncement host) => host.BaseUrl?.TrimEnd('/') ?? $"fleet:{Uri.EscapeDataString(host.HostId)}";

    private sealed record Entry(HostState State, string? ConnectionId);
}
