using System.Globalization;

namespace Hotswap.Bench.Report;

/// <summary>The middle of repeated measurements, and how the repetitions are listed beside it.</summary>
public static class Medians
{
    /// <summary>The upper median (the middle value of an odd count); NaN when there is nothing.</summary>
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    public static double MillisecondsOf(IEnumerable<TimeSpan> values) => Of(values.Select(v => v.TotalMilliseconds));

    /// <summary>Each repetition in milliseconds, in the order measured: "812, 790, 1,005".</summary>
    public static string ListMilliseconds(IEnumerable<TimeSpan> values) =>
        string.Join(", ", values.Select(v => v.TotalMilliseconds.ToString("#,0", CultureInfo.InvariantCulture)));
}
