using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Status;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Checks the desired state at start-up, then (in <see cref="SwapMode.Poll"/>) every poll interval, measured with the
/// injected <see cref="TimeProvider"/>. In <see cref="SwapMode.OnRequest"/> and <see cref="SwapMode.Inline"/> there is
/// no timer at all: requests trigger the checks (<see cref="RequestTriggeredCheck"/>). A check that fails unexpectedly
/// is reported to <see cref="BackgroundFaults"/> and the loop goes on, waiting longer after each failure in a row: the
/// host must keep following the store.
/// </summary>
public sealed class ReconcileLoop(Reconciler reconciler, BackgroundFaults faults, IOptions<SwapOptions> options, TimeProvider time) : BackgroundService
{
    private int _failures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await CheckAsync("startup", stoppingToken);
        if (options.Value.Mode != SwapMode.Poll)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = _failures == 0 ? options.Value.PollInterval : TimeSpan.FromTicks(Math.Max(options.Value.PollInterval.Ticks, BackgroundFaults.Backoff(_failures).Ticks));
            await Task.Delay(delay, time, stoppingToken);
            await CheckAsync("poll", stoppingToken);
        }
    }

    private async Task CheckAsync(string trigger, CancellationToken stoppingToken)
    {
        try
        {
            await reconciler.CheckAsync(trigger, stoppingToken);
            _failures = 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            _failures++;
            faults.Report($"reconcile ({trigger} check)", e);
        }
    }
}
