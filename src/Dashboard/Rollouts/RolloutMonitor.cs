using System.Collections.Immutable;
using System.Threading.Channels;
using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Rollouts;

/// <summary>
/// Every model's rollout as the hosts push it: each <see cref="RolloutStats"/> replaces its host's latest figures and
/// the fleet's sum becomes the point of that second (hosts push about once a second each, at their own moments), kept
/// for <see cref="History"/>. An <see cref="AutoRollback"/> goes into the swap feed and the audit log once, however
/// often it is delivered (a reconnecting hub may repeat it) and however many hosts report it (every host's guard sees
/// the same breach, and a store that ignores conditional writes, such as s3rver, lets more than one write it); it is
/// then handed to <see cref="RolledBack"/>, whose reader tells the whole fleet to follow at once.
/// </summary>
public sealed class RolloutMonitor(SwapFeed feed, AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan History = TimeSpan.FromMinutes(5);

    /// <summary>A host whose figures are older than this (gone, or no longer guarding the model) is left out of the sum.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);

    /// <summary>Reports of the same rollback (model, phase, from and to version) this close together are one rollback.</summary>
    public static readonly TimeSpan SameRollback = TimeSpan.FromSeconds(30);

    private const int SeenKept = 200;

    private readonly Lock _gate = new();
    private readonly LinkedList<AutoRollback> _seen = [];
    private readonly Channel<AutoRollback> _rolledBack = Channel.CreateBounded<AutoRollback>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>Each rollback once, as it is recorded.</summary>
    public ChannelReader<AutoRollback> RolledBack => _rolledBack.Reader;

    public LiveValue<ImmutableDictionary<string, ModelRollout>> Models { get; } = new(ImmutableDictionary<string, ModelRollout>.Empty);

    public void Observe(RolloutStats stats)
    {
        var now = time.GetUtcNow();
        Models.Update(models =>
        {
            var rollout = models.GetValueOrDefault(stats.Model) ?? ModelRollout.Empty(stats.Model);
            var latest = rollout.LatestByHost.SetItem(stats.HostId, stats with { At = now });
            latest = latest.RemoveRange(latest.Where(h => now - h.Value.At > Stale).Select(h => h.Key));
            var second = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, now.Offset);
            var sample = RolloutSample.Of(second, latest.Values.Where(h => h.Phase != RolloutPhase.Steady || h.Versions.Count > 0));
            var samples = rollout.Samples is [.., var last] && last.At == second ? rollout.Samples.SetItem(rollout.Samples.Count - 1, sample) : rollout.Samples.Add(sample);
            samples = samples.RemoveAll(s => now - s.At > History);
            return models.SetItem(stats.Model, rollout with { Samples = samples, LatestByHost = latest });
        });
    }

    public void AutoRolledBack(string hostUrl, string hostName, AutoRollback e)
    {
        lock (_gate)
        {
            if (_seen.Any(seen => seen.Model == e.Model && seen.Phase == e.Phase && seen.FromVersion == e.FromVersion && seen.ToVersion == e.ToVersion
                && (seen.At - e.At).Duration() < SameRollback))
            {
                return;
            }

            _seen.AddLast(e);
            if (_seen.Count > SeenKept)
            {
                _seen.RemoveFirst();
            }
        }

        _rolledBack.Writer.TryWrite(e);

        feed.Add(hostUrl, hostName, e);
        audit.Append(new AuditEntry(0, e.At, $"guard@{e.HostId}", "auto-rollback", e.Model, e.FromVersion, e.ToVersion, e.Reason, true,
            $"{e.Phase.ToString().ToLowerInvariant()} of version {e.FromVersion} rolled back to {e.ToVersion} by {e.HostId}'s guard: {e.Rule} {e.Observed:G4} > {e.Limit:G4}"));
    }
}
