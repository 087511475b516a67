using System.Diagnostics;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// One version's requests, failures, latencies and output comparisons over a sliding window, in buckets of one guard
/// evaluation each. A latency here is the version's own time on a request (binding its inputs and running it) divided
/// by the request's rows, not the request's time in the server's queues: that part is the same for every version, and
/// on a busy host it is what makes a p99 jump. Per row, a client sending huge batches to one version (sticky keys make
/// routing predictable) makes it no slower than the other; a version slower per row is slower whatever the batches. Requests record into the open bucket with interlocked increments only (no lock, no allocation);
/// the guard closes a bucket per evaluation and reads the closed ones, so it alone touches the ring.
/// </summary>
public sealed class VersionWindow
{
    private readonly Queue<Bucket> _closed = new();
    private Bucket _open = new();

    /// <summary>A request this version answered (or, in shadow, ran), its binding and run taking <paramref name="elapsedTicks"/> Stopwatch ticks per row.</summary>
    public void RecordRequest(long elapsedTicks, bool failed)
    {
        var bucket = Volatile.Read(ref _open);
        Interlocked.Increment(ref bucket.Requests);
        if (failed)
        {
            Interlocked.Increment(ref bucket.Errors);
        }

        Interlocked.Increment(ref bucket.Latency[LatencyHistogram.IndexOf(elapsedTicks)]);
    }

    /// <summary>A run of this version that failed where the version it stood in for then answered.</summary>
    public void RecordFailure() => Interlocked.Increment(ref Volatile.Read(ref _open).Errors);

    /// <summary>
    /// One comparison of this version's outputs with the other version's on the same request, with both run times
    /// (Stopwatch ticks per row). Recorded by the one shadow worker, hence under the bucket's lock, off every request path.
    /// </summary>
    public void RecordComparison(in Comparison comparison, long ownRunTicks, long otherRunTicks)
    {
        var bucket = Volatile.Read(ref _open);
        lock (bucket.ComparisonLock)
        {
            bucket.Comparisons++;
            bucket.MeanAbsDiffSum += comparison.MeanAbsDiff;
            var drift = DriftHistogram.IndexOf(comparison.MeanAbsDiff);
            bucket.DriftCounts[drift]++;
            bucket.DriftSums[drift] += comparison.MeanAbsDiff;
            bucket.MaxAbsDiff = Math.Max(bucket.MaxAbsDiff, comparison.MaxAbsDiff);
            bucket.Agreements += comparison.Agreed ? 1 : 0;
            bucket.OwnRunLatency[LatencyHistogram.IndexOf(ownRunTicks)]++;
            bucket.OtherRunLatency[LatencyHistogram.IndexOf(otherRunTicks)]++;
        }
    }

    public void RecordDropped() => Interlocked.Increment(ref Volatile.Read(ref _open).Dropped);

    /// <summary>A mirrored request whose outputs have a type that cannot be compared: neither a comparison nor a failure.</summary>
    public void RecordUncompared() => Interlocked.Increment(ref Volatile.Read(ref _open).Uncompared);

    /// <summary>Closes the open bucket and forgets those older than <paramref name="keep"/> buckets. Guard only.</summary>
    public void Rotate(int keep)
    {
        _closed.Enqueue(Interlocked.Exchange(ref _open, new Bucket()));
        while (_closed.Count > keep)
        {
            _closed.Dequeue();
        }
    }

    /// <summary>The closed buckets' totals. Guard only.</summary>
    public WindowTotals Totals()
    {
        var totals = new WindowTotals();
        foreach (var bucket in _closed)
        {
            lock (bucket.ComparisonLock)
            {
                totals.Add(bucket);
            }
        }

        return totals;
    }

    internal sealed class Bucket
    {
        public long Requests;
        public long Errors;
        public long Dropped;
        public long Uncompared;
        public readonly long[] Latency = new long[LatencyHistogram.Buckets];
        public readonly Lock ComparisonLock = new();
        public long Comparisons;
        public double MeanAbsDiffSum;
        public double MaxAbsDiff;
        public long Agreements;
        public readonly long[] OwnRunLatency = new long[LatencyHistogram.Buckets];
        public readonly long[] OtherRunLatency = new long[LatencyHistogram.Buckets];
        public readonly long[] DriftCounts = new long[DriftHistogram.Buckets];
        public readonly double[] DriftSums = new double[DriftHistogram.Buckets];
    }
}

/// <summary>A window's figures summed over its closed buckets.</summary>
public sealed class WindowTotals
{
    public long Requests { get; private set; }
    public long Errors { get; private set; }
    public long Dropped { get; private set; }
    public long Uncompared { get; private set; }
    public long Comparisons { get; private set; }
    public long Agreements { get; private set; }
    public double MeanAbsDiffSum { get; private set; }
    public double MaxAbsDiff { get; private set; }
    public long[] Latency { get; } = new long[LatencyHistogram.Buckets];
    public long[] OwnRunLatency { get; } = new long[LatencyHistogram.Buckets];
    public long[] OtherRunLatency { get; } = new long[LatencyHistogram.Buckets];
    public long[] DriftCounts { get; } = new long[DriftHistogram.Buckets];
    public double[] DriftSums { get; } = new double[DriftHistogram.Buckets];

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double MeanAbsDiff => Comparisons == 0 ? 0 : MeanAbsDiffSum / Comparisons;

    /// <summary>The mean absolute difference with no comparison counting for more than <paramref name="cap"/>.</summary>
    public double CappedMeanAbsDiff(double cap) => DriftHistogram.CappedMean(DriftCounts, DriftSums, cap);

    public double AgreementRate => Comparisons == 0 ? 1 : (double)Agreements / Comparisons;

    internal void Add(VersionWindow.Bucket bucket)
    {
        Requests += Volatile.Read(ref bucket.Requests);
        Errors += Volatile.Read(ref bucket.Errors);
        Dropped += Volatile.Read(ref bucket.Dropped);
        Uncompared += Volatile.Read(ref bucket.Uncompared);
        Comparisons += bucket.Comparisons;
        Agreements += bucket.Agreements;
        MeanAbsDiffSum += bucket.MeanAbsDiffSum;
        MaxAbsDiff = Math.Max(MaxAbsDiff, bucket.MaxAbsDiff);
        for (var i = 0; i < LatencyHistogram.Buckets; i++)
        {
            Latency[i] += Volatile.Read(ref bucket.Latency[i]);
            OwnRunLatency[i] += bucket.OwnRunLatency[i];
            OtherRunLatency[i] += bucket.OtherRunLatency[i];
        }

        for (var i = 0; i < DriftHistogram.Buckets; i++)
        {
            DriftCounts[i] += bucket.DriftCounts[i];
            DriftSums[i] += bucket.DriftSums[i];
        }
    }
}

/// <summary>
/// Latency buckets four to an octave, from 1 µs to about 17 s: a quantile read from them is within 19% of the truth,
/// plenty for a guard whose limits are ratios of 2 or 3.
/// </summary>
public static class LatencyHistogram
{
    public const int Buckets = 96;
    private static readonly double MicrosecondsPerTick = 1e6 / Stopwatch.Frequency;

    public static int IndexOf(long ticks)
    {
        var microseconds = ticks * MicrosecondsPerTick;
        return microseconds <= 1 ? 0 : Math.Min(Buckets - 1, (int)(Math.Log2(microseconds) * 4));
    }

    /// <summary>The upper bound, in milliseconds, of the bucket holding quantile <paramref name="q"/>; null with no samples.</summary>
    public static double? QuantileMs(long[] counts, double q)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Pow(2, (i + 1) / 4.0) / 1000;
            }
        }

        return Math.Pow(2, Buckets / 4.0) / 1000;
    }
}

/// <summary>How one request's outputs of two versions differ.</summary>
public readonly record struct Comparison(double MeanAbsDiff, double MaxAbsDiff, bool Agreed);
