using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Checks the desired state at start-up, then (in <see cref="SwapMode.Poll"/>) every poll interval, measured with the
/// injected <see cref="TimeProvider"/>. In <see cref="SwapMode.OnRequest"/> there is no timer at all.
/// </summary>
public sealed class ReconcileLoop(Reconciler reconciler, IOptions<SwapOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await reconciler.CheckAsync("startup", stoppingToken);
        if (options.Value.Mode != SwapMode.Poll)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            await reconciler.CheckAsync("poll", stoppingToken);
        }
    }
}
