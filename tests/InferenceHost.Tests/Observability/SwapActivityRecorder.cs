using System.Diagnostics;
using Hotswap.InferenceHost.Observability;

namespace Hotswap.InferenceHost.Tests.Observability;

/// <summary>Listens to the swap activity source and records every activity it stops, awaitable by condition.</summary>
public sealed class SwapActivityRecorder : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Activity> _stopped = [];
    private readonly List<(Func<Activity, bool> Match, TaskCompletionSource<Activity> Found)> _waiters = [];
    private readonly ActivityListener _listener;

    public SwapActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SwapTracing.SourceName,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The children of <paramref name="parent"/> stopped so far, in the order they started.</summary>
    public IReadOnlyList<Activity> ChildrenOf(Activity parent)
    {
        lock (_lock)
        {
            return [.. _stopped.Where(a => a.TraceId == parent.TraceId && a.ParentSpanId == parent.SpanId).OrderBy(a => a.StartTimeUtc)];
        }
    }

    /// <summary>The first stopped swap activity, past or future, of <paramref name="model"/> to <paramref name="version"/>.</summary>
    public Task<Activity> WaitForSwapAsync(string model, string version) =>
        WaitForAsync(a => a.OperationName == SwapTracing.SwapActivity && Tag(a, "hotswap.model") == model && Tag(a, "hotswap.to_version") == version);

    public static string? Tag(Activity activity, string name) => activity.GetTagItem(name) as string;

    public void Dispose() => _listener.Dispose();

    private async Task<Activity> WaitForAsync(Func<Activity, bool> match)
    {
        var found = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_stopped.FirstOrDefault(match) is { } seen)
            {
                return seen;
            }

            _waiters.Add((match, found));
        }

        return await found.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private void Record(Activity activity)
    {
        lock (_lock)
        {
            _stopped.Add(activity);
            foreach (var waiter in _waiters.Where(w => w.Match(activity)).ToList())
            {
                waiter.Found.TrySetResult(activity);
                _waiters.Remove(waiter);
            }
        }
    }
}
