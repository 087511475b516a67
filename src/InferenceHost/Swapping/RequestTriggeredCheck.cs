using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Serverless mode: a request that finds the last check older than the poll interval starts one in the background
/// and is itself answered by the current version. Monotonic time, so a check never waits for the clock to wrap.
/// </summary>
public sealed class RequestTriggeredCheck(Reconciler reconciler, IOptions<SwapOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<RequestTriggeredCheck> logger)
{
    private readonly bool _enabled = options.Value.Mode == SwapMode.OnRequest;
    private readonly TimeSpan _interval = options.Value.PollInterval;
    private int _running;

    public void NoteRequest()
    {
        if (!_enabled || time.GetElapsedTime(reconciler.LastCheckStarted) < _interval || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await reconciler.CheckAsync("request", lifetime.ApplicationStopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                CheckLog.BackgroundCheckFailed(logger, e);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        });
    }
}

internal static partial class CheckLog
{
    [LoggerMessage(1201, LogLevel.Error, "A request-triggered check of the desired state failed")]
    public static partial void BackgroundCheckFailed(ILogger logger, Exception exception);
}
