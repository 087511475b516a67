using System.Diagnostics;
using Hotswap.Bench.Store;

namespace Hotswap.Bench.Swaps;

/// <summary>
/// Alternates a model's desired version between two published versions once per period, as pins written to the store.
/// Each write lands at a random point of the first half of its period: at exact periods a poll interval dividing the
/// period would meet every write at the same phase, and the propagation times would all be alike.
/// </summary>
public static class DesiredVersionFlipper
{
    /// <summary>
    /// Flips <paramref name="count"/> times, once in each <paramref name="period"/> from now, starting with the version
    /// other than <paramref name="current"/>.
    /// </summary>
    public static async Task<IReadOnlyList<Flip>> FlipAsync(BenchStore store, string model, int current, int other, int count, TimeSpan period, CancellationToken cancellationToken)
    {
        var flips = new List<Flip>(count);
        var jitter = new Random(count);
        var origin = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            // Against the origin rather than the last flip, so a slow write does not push every later flip back.
            var due = (period * i) + (period / 2 * jitter.NextDouble()) - Stopwatch.GetElapsedTime(origin);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            var version = i % 2 == 0 ? other : current;
            flips.Add(new Flip(Stopwatch.GetTimestamp(), version));
            await store.PinAsync(model, version, cancellationToken);
        }

        return flips;
    }
}
