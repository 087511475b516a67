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

    protected void Watch<T>(LiveValue<T> value, Action<T> apply)
    {
        apply(value.Current);
        _watches.Add(WatchAsync(value, apply));
    }

    private async Task WatchAsync<T>(LiveValue<T> value, Action<T> apply)
    {
        try
        {
            await foreach (var snapshot in value.WatchAsync(_stop.Token))
            {
                await InvokeAsync(() =>
                {
                    apply(snapshot);
                    StateHasChanged();
                });
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
