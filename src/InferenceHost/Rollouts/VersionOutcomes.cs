using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// The one place a version's outcome in a rollout is recorded: its <see cref="VersionWindow"/>, which the guard reads,
/// and from the same call the rollout metrics. Requests and the shadow worker record each outcome with one call, so
/// the window and the metrics cannot disagree. No lock and no allocation on the request path.
/// </summary>
public sealed class VersionOutcomes(RolloutMetrics metrics)
{
    /// <summary>A run of <paramref name="model"/> that answered (or, in shadow, ran), in Stopwatch ticks per row.</summary>
    public static void Answered(ServedModel model, long ticksPerRow) => model.Window.RecordRequest(ticksPerRow, failed: false);

    /// <summary>A run of <paramref name="guarded"/> that failed after <paramref name="ticksPerRow"/> Stopwatch ticks per row.</summary>
    public void Failed(ServedModel guarded, long ticksPerRow)
    {
        guarded.Window.RecordRequest(ticksPerRow, failed: true);
        metrics.Failed(guarded);
    }

    /// <summary>Outputs of <paramref name="guarded"/> shaped unlike the other version's: for the guard, it got them wrong.</summary>
    public void Mismatched(ServedModel guarded)
    {
        guarded.Window.RecordFailure();
        metrics.Failed(guarded);
    }

    /// <summary>A copy of a request not compared because the comparison queue was full.</summary>
    public void Dropped(ServedModel guarded)
    {
        guarded.Window.RecordDropped();
        metrics.Dropped(guarded);
    }

    /// <summary>One comparison of <paramref name="guarded"/>'s outputs with the other version's, with both run times (Stopwatch ticks per row).</summary>
    public void Compared(ServedModel guarded, in Comparison comparison, long ownRunTicks, long otherRunTicks)
    {
        guarded.Window.RecordComparison(comparison, ownRunTicks, otherRunTicks);
        metrics.Compared(guarded, comparison);
    }

    /// <summary>A copy whose outputs have a type that cannot be compared: neither a comparison nor a failure.</summary>
    public static void Uncompared(ServedModel guarded) => guarded.Window.RecordUncompared();
}
