using System.Diagnostics;
using Hotswap.Contracts.Swapping;

namespace Hotswap.InferenceHost.Observability;

/// <summary>
/// Marks where each phase of loading a version ends, once: the durations a swap reports and the phase activities
/// of its trace come from the same marks, so the trace and the events always agree. Disposed before
/// <see cref="Complete"/>, it ends the phase that was running as failed.
/// </summary>
public sealed class SwapPhases : IDisposable
{
    public const string Download = "download";
    public const string Load = "load";
    public const string Validate = "validate";
    public const string Warmup = "warmup";

    private static readonly string[] Order = [Download, Load, Validate, Warmup];
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly double[] _ms = new double[4];
    private long _phaseStarted;
    private int _phase;
    private Activity? _activity;

    /// <summary>Starts the first phase, the download.</summary>
    public SwapPhases(TimeProvider time)
    {
        _time = time;
        _started = _phaseStarted = time.GetTimestamp();
        _activity = SwapTracing.StartPhase(Download);
    }

    /// <summary>Ends the running phase and starts <paramref name="phase"/>, the next one.</summary>
    public void Next(string phase)
    {
        End(ActivityStatusCode.Unset);
        Debug.Assert(phase == Order[_phase], $"the phase after {Order[_phase - 1]} is {Order[_phase]}, not {phase}");
        _activity = SwapTracing.StartPhase(phase);
    }

    /// <summary>Ends the last phase and returns how long each took.</summary>
    public SwapDurations Complete()
    {
        var ended = End(ActivityStatusCode.Unset);
        return new SwapDurations(_ms[0], _ms[1], _ms[2], _ms[3], _time.GetElapsedTime(_started, ended).TotalMilliseconds);
    }

    public void Dispose()
    {
        if (_activity is not null)
        {
            End(ActivityStatusCode.Error);
        }
    }

    private long End(ActivityStatusCode status)
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_phaseStarted, now);
        _ms[_phase++] = elapsed.TotalMilliseconds;
        if (_activity is { } activity)
        {
            activity.SetEndTime(activity.StartTimeUtc + elapsed);
            activity.SetStatus(status);
            activity.Stop();
            _activity = null;
        }

        _phaseStarted = now;
        return now;
    }
}
