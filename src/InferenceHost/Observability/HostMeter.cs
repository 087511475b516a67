using System.Diagnostics.Metrics;

namespace Hotswap.InferenceHost.Observability;

/// <summary>
/// The host's meter, one per service provider (from <see cref="IMeterFactory"/>), and the histogram buckets its
/// instruments use. Instrument names are chosen so the Prometheus exporter's translation (dots to underscores, the
/// unit and <c>_total</c> appended) gives the documented metric names.
/// </summary>
public sealed class HostMeter(IMeterFactory factory)
{
    public const string Name = "Hotswap.InferenceHost";

    /// <summary>From 100 µs to 10 s: a prediction on a small model takes well under a millisecond.</summary>
    public static readonly InstrumentAdvice<double> RequestBuckets = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>From 5 ms to 2 min: store reads and swap phases, a large download included.</summary>
    public static readonly InstrumentAdvice<double> OperationBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    };

    public Meter Meter { get; } = factory.Create(Name);
}
