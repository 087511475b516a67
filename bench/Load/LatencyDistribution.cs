namespace Hotswap.Bench.Load;

/// <summary>Every latency of a set of requests, sorted, in microseconds: exact percentiles and a CDF.</summary>
public sealed class LatencyDistribution
{
    private readonly double[] _sorted;

    public LatencyDistribution(IEnumerable<RequestRecord> requests)
    {
        _sorted = [.. requests.Select(r => r.ElapsedMicroseconds)];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public IReadOnlyList<double> SortedMicroseconds => _sorted;

    /// <summary>The latency that a fraction <paramref name="q"/> of requests did not exceed (nearest rank); NaN when empty.</summary>
    public double Percentile(double q) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(q * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public double Slowest => Percentile(1);
}
