using System.Diagnostics;
using Hotswap.Contracts.Swapping;

namespace Hotswap.InferenceHost.Observability;

/// <summary>
/// The traces of swaps: an activity per swap, tagged with the model, both versions, the swap id and the outcome,
/// with a child per phase (<see cref="SwapPhases"/>). Without a listener every call here returns null and costs
/// next to nothing.
/// </summary>
public static class SwapTracing
{
    public const string SourceName = "Hotswap.Swap";
    public const string SwapActivity = "swap";
    public const string PublishPhase = "publish";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts a swap's activity as the root of a trace of its own: a worker's loop keeps the activity that was current
    /// when the worker was made (a request, say), and every swap of that model would otherwise hang under it.
    /// </summary>
    public static Activity? StartSwap(SwapStarted e)
    {
        Activity.Current = null;
        var activity = Source.StartActivity(SwapActivity);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = $"swap {e.Model} to {e.ToVersion}";
            activity.SetTag("hotswap.model", e.Model);
            activity.SetTag("hotswap.from_version", e.FromVersion);
            activity.SetTag("hotswap.to_version", e.ToVersion);
            activity.SetTag("hotswap.swap_id", e.SwapId);
            activity.SetTag("hotswap.trigger", e.Trigger);
        }

        return activity;
    }

    public static void Succeeded(Activity? swap) => swap?.SetTag("hotswap.outcome", "succeeded");

    public static void Failed(Activity? swap, string reason)
    {
        swap?.SetTag("hotswap.outcome", "failed");
        swap?.SetStatus(ActivityStatusCode.Error, reason);
    }

    /// <summary>A phase timed by the activity itself; the loader's phases are timed by <see cref="SwapPhases"/>.</summary>
    public static Activity? StartPhase(string phase) => Source.StartActivity(phase);
}
