using System.Diagnostics;
using Hotswap.Bench.Load;

namespace Hotswap.Bench.Report;

/// <summary>A load run's latency bucket by bucket, for plots of what swaps did to it over time.</summary>
public static class LatencyOverTime
{
    /// <summary>The p99 (ms) of the requests sent in each <paramref name="bucket"/> of <paramref name="run"/>, at the bucket's start (s into the run).</summary>
    public static Series P99(string label, LoadRun run, TimeSpan bucket)
    {
        var bucketTicks = (long)(bucket.TotalSeconds * Stopwatch.Frequency);
        var buckets = run.Requests.GroupBy(r => (r.SentAt - run.StartedAt) / bucketTicks).OrderBy(g => g.Key).ToList();
        return new Series(label, [.. buckets.Select(b => b.Key * bucket.TotalSeconds)], [.. buckets.Select(b => new LatencyDistribution(b).P99 / 1000)]);
    }
}
