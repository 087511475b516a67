using System.Globalization;

namespace Hotswap.Bench.Report;

public enum Unit
{
    RequestsPerSecond,
    Microseconds,
    Milliseconds,
    Megabytes,
    Count,
}

/// <summary>A measured number with its unit, formatted for the report.</summary>
public readonly record struct Quantity(double Value, Unit Unit)
{
    public static Quantity None => new(double.NaN, Unit.Count);

    public static Quantity Rps(double value) => new(value, Unit.RequestsPerSecond);

    public static Quantity Us(double value) => new(value, Unit.Microseconds);

    public static Quantity Ms(double value) => new(value, Unit.Milliseconds);

    public static Quantity Bytes(double value) => new(value / (1024 * 1024), Unit.Megabytes);

    public static Quantity Count(double value) => new(value, Unit.Count);

    public override string ToString() => double.IsNaN(Value) ? "—" : Unit switch
    {
        Unit.RequestsPerSecond => $"{Format(Value, "#,0")} req/s",
        Unit.Microseconds => $"{Format(Value, Value < 100 ? "0.0" : "#,0")} µs",
        Unit.Milliseconds => $"{Format(Value, Value < 100 ? "0.0" : "#,0")} ms",
        Unit.Megabytes => $"{Format(Value, "#,0.0")} MiB",
        _ => Format(Value, "#,0"),
    };

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
