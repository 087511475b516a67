using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Status;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Checks of the desired state that requests trigger instead of a timer, when a request finds the last check older
/// than the poll interval. In <see cref="SwapMode.OnRequest"/> (serverless) the check runs in the background and the
/// request is answered by the current version. In <see cref="SwapMode.Inline"/> (the seed's pattern, kept as a
/// benchmark baseline) the request awaits the check and its model's convergence, and so does every request arriving
/// meanwhile. Monotonic time, so a check never waits for the clock to wrap. A check that fails unexpectedly is reported
/// to <see cref="BackgroundFaults"/>; the next is due a poll interval after it started, as after any check.
/// </summary>
public sealed class RequestTriggeredCheck(Reconciler reconciler, IOptions<SwapOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, BackgroundFaults faults)
{
    private const string InlineTrigger = "inline";
    private readonly bool _enabled = options.Value.Mode == SwapMode.OnRequest;
    private readonly TimeSpan _interval = options.Value.PollInterval;
    private readonly Lock _inlineGate = new();
    private int _running;
    private Task? _inlineWork;

    /// <summary>True in <see cref="SwapMode.Inline"/>: requests must await <see cref="ConvergeInlineAsync"/> before they lease.</summary>
    public bool Inline { get; } = options.Value.Mode == SwapMode.Inline;

    private bool Due => time.GetElapsedTime(reconciler.LastCheckStarted) >= _interval;

    public void NoteRequest()
    {
        if (!_enabled || !Due || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
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
                faults.Report("request-triggered check", e);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        });
    }

    /// <summary>
    /// When a check is due, reads the desired state and converges <paramref name="model"/> on it (download, load,
    /// validate, warm up, swap) before returning; a request arriving while that runs waits for the same work, whatever
    /// model it asks for. That wait is the pattern's cost, which the benchmark shows. A failed swap leaves the current
    /// version serving and is reported in status like any other; the wait is bounded by
    /// <see cref="SwapOptions.ControlWaitTimeout"/>. Null <paramref name="model"/> (none named, none served alone) checks only.
    /// </summary>
    public Task ConvergeInlineAsync(string? model, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _inlineWork) is null && !Due)
        {
            return Task.CompletedTask;
        }

        TaskCompletionSource? noticed = null;
        Task work;
        lock (_inlineGate)
        {
            if (_inlineWork is null)
            {
                if (!Due)
                {
                    return Task.CompletedTask;
                }

                noticed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _inlineWork = noticed.Task;
            }

            work = _inlineWork;
        }

        if (noticed is not null)
        {
            _ = RunInlineAsync(model, noticed);
        }

        // Every waiter, the noticing request included, may give up alone; the work goes on for the others.
        return work.WaitAsync(cancellationToken);
    }

    /// <summary>Runs on the noticing request's flow, but not on its cancellation: the requests that wait share it.</summary>
    private async Task RunInlineAsync(string? model, TaskCompletionSource done)
    {
        try
        {
            if (model is null)
            {
                await reconciler.CheckAsync(InlineTrigger, lifetime.ApplicationStopping);
            }
            else
            {
                await reconciler.ConvergeNowAsync(model, InlineTrigger, force: false, lifetime.ApplicationStopping);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down: the waiting requests are released below.
        }
        catch (Exception e)
        {
            faults.Report("inline check", e);
        }
        finally
        {
            lock (_inlineGate)
            {
                _inlineWork = null;
            }

            done.TrySetResult();
        }
    }
}
