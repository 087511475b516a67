namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// Each comparison's mean absolute difference, counted and summed in buckets four to an octave from 2^-30 (below which
/// everything is the first bucket) to the largest difference a comparison records (<c>OutputVector.MaxDifference</c>): what the drift rule needs to read a
/// mean in which no comparison counts for more than a cap chosen at evaluation (<see cref="CappedMean"/>).
/// </summary>
public static class DriftHistogram
{
    public const int Buckets = 1 + (70 * 4) + 1;
    private const double Floor = 1.0 / (1L << 30);

    public static int IndexOf(double meanAbsDiff) =>
        meanAbsDiff <= Floor ? 0 : Math.Min(Buckets - 1, 1 + (int)((Math.Log2(meanAbsDiff) + 30) * 4));

    /// <summary>
    /// The mean of the comparisons with each one counted as at most <paramref name="cap"/>. Exact for every bucket wholly
    /// below or above the cap; the one bucket the cap falls into counts as the lesser of its sum and its count times the
    /// cap, at most a quarter of an octave high.
    /// </summary>
    public static double CappedMean(long[] counts, double[] sums, double cap)
    {
        long comparisons = 0;
        double sum = 0;
        for (var i = 0; i < Buckets; i++)
        {
            comparisons += counts[i];
            sum += Math.Min(sums[i], counts[i] * cap);
        }

        return comparisons == 0 ? 0 : sum / comparisons;
    }
}
