using System.Diagnostics;
using Hotswap.Bench.Load;

namespace Hotswap.Bench.Swaps;

/// <summary>
/// Splits a load run around desired-state flips. A flip's swap window runs from the write until the first request
/// sent after it that the new version answered, plus a margin; a request belongs to a window when its time in flight
/// overlaps it. Everything else is steady state.
/// </summary>
public sealed class SwapWindows
{
    private readonly List<(long From, long To)> _windows = [];

    public SwapWindows(LoadRun run, IReadOnlyList<Flip> flips, TimeSpan margin)
    {
        var marginTicks = (long)(margin.TotalSeconds * Stopwatch.Frequency);
        var requests = run.Requests;
        for (var f = 0; f < flips.Count; f++)
        {
            var flip = flips[f];
            var nextFlip = f + 1 < flips.Count ? flips[f + 1].WrittenAt : long.MaxValue;
            var served = requests.FirstOrDefault(r => r.SentAt >= flip.WrittenAt && r.SentAt < nextFlip && r.Version == flip.Version);
            if (served == default)
            {
                Missed++;
                _windows.Add((flip.WrittenAt, nextFlip == long.MaxValue ? run.StartedAt + (long)(run.Seconds * Stopwatch.Frequency) : nextFlip));
                continue;
            }

            Propagation.Add(Stopwatch.GetElapsedTime(flip.WrittenAt, served.SentAt));
            _windows.Add((flip.WrittenAt, Math.Min(served.SentAt + marginTicks, nextFlip)));
        }

        foreach (var request in requests)
        {
            (InAnyWindow(request) ? During : Steady).Add(request);
        }
    }

    /// <summary>Flips that no request saw served before the next flip.</summary>
    public int Missed { get; }

    /// <summary>For each observed flip, the time from the write to the first request answered by the new version.</summary>
    public List<TimeSpan> Propagation { get; } = [];

    public List<RequestRecord> During { get; } = [];

    public List<RequestRecord> Steady { get; } = [];

    private bool InAnyWindow(RequestRecord request)
    {
        var end = request.SentAt + request.ElapsedTicks;
        return _windows.Any(w => request.SentAt <= w.To && end >= w.From);
    }
}
