using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// How requests to a model meet a second version, as one immutable snapshot on the model's slot, replaced whole when
/// the rollout changes: a candidate in shadow or canary, or the warm previous version after a plain swap. Requests
/// read it with one volatile read; a model with no rollout pays nothing more.
/// </summary>
public sealed class SlotRollout(ServedModel other, RolloutPhase phase, int weight, bool mirrors, string stickyHeader)
{
    /// <summary>The candidate, or after a swap the previous version. Requests must lease it before running it.</summary>
    public ServedModel Other { get; } = other;

    public RolloutPhase Phase { get; } = phase;

    /// <summary>Percent of requests the candidate answers (canary only).</summary>
    public int Weight { get; } = weight;

    /// <summary>Whether answered requests are copied to the version that did not answer, for comparison.</summary>
    public bool Mirrors { get; } = mirrors;

    /// <summary>
    /// Whether this request goes to the canary: by a stable hash of the sticky header when it has one, so a caller
    /// sees one version on every host; at random otherwise.
    /// </summary>
    public bool RoutesToCandidate(IHeaderDictionary headers)
    {
        if (Phase != RolloutPhase.Canary)
        {
            return false;
        }

        var key = headers[stickyHeader];
        var bucket = key.Count > 0 && key[0] is { Length: > 0 } value ? StableBucket(value) : Random.Shared.Next(100);
        return bucket < Weight;
    }

    /// <summary>FNV-1a of the key's UTF-16 code units, in 0..99: the same on every host and every run, unlike string.GetHashCode.</summary>
    public static int StableBucket(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % 100);
    }
}
