using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Checks the desired state at start-up, then (in <see cref="SwapMode.Poll"/>) every poll interval, measured with the
/// injected <see cref="TimeProvider"/>. In <see cref="SwapMode.OnRequest"/> and <see cref="SwapMode.Inline"/> there is
/// no timer at all: requests trigger the checks (<see cref="RequestTriggeredCheck"/>). A check that
/// fails unexpectedly is logged and the loop goes on: the host must keep following the store.
/// </summary>
public sealed partial class ReconcileLoop(Reconciler reconciler, IOptions<SwapOptions> options, TimeProvider time, ILogger<ReconcileLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await CheckAsync("startup", stoppingToken);
        if (options.Value.Mode != SwapMode.Poll)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            await CheckAsync("poll", stoppingToken);
        }
    }

    private async Task CheckAsync(string trigger, CancellationToken stoppingToken)
    {
        try
        {
            await reconciler.CheckAsync(trigger, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            CheckFailed(logger, trigger, e);
        }
    }

    [LoggerMessage(1202, LogLevel.Error, "The {Trigger} check of the desired state failed unexpectedly; the next poll tries again")]
    private static partial void CheckFailed(ILogger logger, string trigger, Exception exception);
}
