using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.Components;

namespace Hotswap.Dashboard.Components;

/// <summary>
/// A page that renders live state: it takes the current snapshot at once, re-renders on every later one, and stops
/// watching when it goes away.
/// </summary>
public abstract class LiveComponent : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watches = [];

    protected CancellationToken Stopping => _stop.Token;

    protected void Watch<T>(LiveValue<T> value, Action<T> apply) => Watch(value, snapshot => snapshot, apply, TimeSpan.Zero, TimeProvider.System);

    /// <summary>
    /// Builds what the page shows from each snapshot on the watching task, off the render path, and renders at most once
    /// per <paramref name="interval"/>: snapshots published in between are skipped for the newest (a fleet of hundreds
    /// of hosts reports many times a second).
    /// </summary>
    protected void Watch<T, TView>(LiveValue<T> value, Func<T, TView> build, Action<TView> apply, TimeSpan interval, TimeProvider time)
    {
        apply(build(value.Current));
        _watches.Add(WatchAsync(value, build, apply, interval, time));
    }

    private async Task WatchAsync<T, TView>(LiveValue<T> value, Func<T, TView> build, Action<TView> apply, TimeSpan interval, TimeProvider time)
    {
        try
        {
            await foreach (var snapshot in value.WatchAsync(_stop.Token))
            {
                var view = build(snapshot);
                await InvokeAsync(() =>
                {
                    apply(view);
                    StateHasChanged();
                });
                if (interval > TimeSpan.Zero)
                {
                    await Task.Delay(interval, time, _stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Runs work the page started without awaiting it; a failure reaches the error UI instead of vanishing.</summary>
    protected void InBackground(Func<Task> work) => _ = InvokeAsync(async () =>
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watches);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
