using Hotswap.Bench.Load;
using Hotswap.Bench.Store;

namespace Hotswap.Bench.Swaps;

/// <summary>A load run while the desired version of a model flips between its versions 1 and 2: what swaps cost the requests around them.</summary>
public static class FlippingLoad
{
    /// <summary>
    /// Runs <paramref name="plan"/> against <paramref name="server"/> and meanwhile flips <paramref name="model"/>'s
    /// desired version <paramref name="flips"/> times, once per <paramref name="period"/>, starting from version 1.
    /// </summary>
    public static async Task<(LoadRun Run, IReadOnlyList<Flip> Flips)> RunAsync(Uri server, LoadPlan plan, BenchStore store, string model, int flips, TimeSpan period, CancellationToken cancellationToken)
    {
        var load = LoadGenerator.RunAsync(server, plan, cancellationToken);
        var flipped = await DesiredVersionFlipper.FlipAsync(store, model, current: 1, other: 2, flips, period, cancellationToken);
        return (await load, flipped);
    }
}
