using System.Collections.Immutable;
using Hotswap.Contracts.Rollouts;
using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Rollouts;

/// <summary>
/// Every model's rollout as the hosts push it: each <see cref="RolloutStats"/> replaces its host's latest figures and
/// the fleet's sum becomes the point of that second (hosts push about once a second each, at their own moments), kept
/// for <see cref="History"/>. An <see cref="AutoRollback"/> goes into the swap feed and the audit log, once per event
/// however often it is delivered (a reconnecting hub may repeat it).
/// </summary>
public sealed class RolloutMonitor(SwapFeed feed, AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan History = TimeSpan.FromMinutes(5);

    /// <summary>A host whose figures are older than this (gone, or no longer guarding the model) is left out of the sum.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);

    private const int SeenKept = 200;

    private readonly Lock _gate = new();
    private readonly LinkedList<(string, string, string, string, DateTimeOffset)> _seenOrder = [];
    private readonly HashSet<(string, string, string, string, DateTimeOffset)> _seen = [];

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
            var key = (e.HostId, e.Model, e.FromVersion, e.ToVersion, e.At);
            if (!_seen.Add(key))
            {
                return;
            }

            _seenOrder.AddLast(key);
            if (_seenOrder.Count > SeenKept)
            {
                _seen.Remove(_seenOrder.First!.Value);
                _seenOrder.RemoveFirst();
            }
        }

        feed.Add(hostUrl, hostName, e);
        audit.Append(new AuditEntry(0, e.At, $"guard@{e.HostId}", "auto-rollback", e.Model, e.FromVersion, e.ToVersion, e.Reason, true,
            $"{e.Phase.ToString().ToLowerInvariant()} of version {e.FromVersion} rolled back to {e.ToVersion} by {e.HostId}'s guard: {e.Rule} {e.Observed:G4} > {e.Limit:G4}"));
    }
}
