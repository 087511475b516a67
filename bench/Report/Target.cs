using System.Globalization;

namespace Hotswap.Bench.Report;

/// <summary>A limit on a figure's ratio (or, for counts that must be zero, on the measured value itself).</summary>
public sealed record Target(bool AtMost, double Limit, bool OnMeasured = false)
{
    public static Target RatioAtMost(double limit) => new(true, limit);

    public static Target RatioAtLeast(double limit) => new(false, limit);

    public static Target ValueAtMost(double limit) => new(true, limit, OnMeasured: true);

    public bool IsMet(double value) => !double.IsNaN(value) && (AtMost ? value <= Limit : value >= Limit);

    public override string ToString() =>
        $"{(AtMost ? "≤" : "≥")} {Limit.ToString(OnMeasured ? "0" : "0.00", CultureInfo.InvariantCulture)}{(OnMeasured ? "" : "×")}";
}
