using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Serving.Outputs;
using Hotswap.InferenceHost.Status;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// Copies of answered requests, run on the version that did not answer and compared with the answer, off every
/// response path: a request hands over its body and a copy of its outputs and is done. The queue is bounded and a
/// copy that finds it full is dropped (and counted), so a slow candidate never delays the served version. A comparison
/// that fails unexpectedly is reported to <see cref="BackgroundFaults"/> and the worker goes on with the next copy.
/// </summary>
public sealed class ShadowTraffic : BackgroundService
{
    private readonly Channel<MirroredRequest> _queue;
    private readonly GuardOptions _guard;
    private readonly PredictLimits _limits;
    private readonly RolloutMetrics _metrics;
    private readonly BackgroundFaults _faults;

    public ShadowTraffic(IOptions<GuardOptions> guard, IOptions<PredictLimits> limits, RolloutMetrics metrics, BackgroundFaults faults)
    {
        _guard = guard.Value;
        _limits = limits.Value;
        _metrics = metrics;
        _faults = faults;
        _queue = Channel.CreateBounded<MirroredRequest>(new BoundedChannelOptions(_guard.ShadowQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>
    /// Queues a copy of a request answered with <paramref name="answered"/> in <paramref name="answeredRunTicks"/> Stopwatch
    /// ticks per row for <paramref name="counterpart"/>. True when
    /// the copy took <paramref name="body"/> (it returns it to the pool once compared); false when it was dropped.
    /// </summary>
    public bool TryMirror(RequestBody body, PredictFormat format, RunOutputs answered, long answeredRunTicks, ServedModel counterpart, ServedModel guarded)
    {
        if (!counterpart.TryAcquire())
        {
            return false;
        }

        var copy = new MirroredRequest(body, format, OutputVector.Copy(answered), answeredRunTicks, new ModelLease(counterpart), guarded);
        if (_queue.Writer.TryWrite(copy))
        {
            return true;
        }

        copy.Release(keepBody: true);
        guarded.Window.RecordDropped();
        _metrics.Dropped(guarded);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var copy in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    Compare(copy);
                }
                catch (Exception e)
                {
                    _faults.Report($"shadow comparisons on {copy.Counterpart.Model.Version.Model} version {copy.Counterpart.Model.Version.Version}", e);
                }
                finally
                {
                    copy.Release(keepBody: false);
                }
            }
        }
        finally
        {
            // Copies still queued at shutdown hold leases; releasing them lets their versions be disposed.
            while (_queue.Reader.TryRead(out var left))
            {
                left.Release(keepBody: false);
            }
        }
    }

    private void Compare(MirroredRequest copy)
    {
        var counterpart = copy.Counterpart.Model;
        var guarded = copy.Guarded;
        var counterpartIsGuarded = ReferenceEquals(counterpart, guarded);
        using var document = JsonDocument.Parse(copy.Body.Memory, PredictionHandler.DocumentOptions);
        var started = Stopwatch.GetTimestamp();
        RunOutputs outputs;
        try
        {
            using var inputs = PredictionHandler.Bind(document.RootElement, counterpart, copy.Format, _limits);
            outputs = Predictor.Run(counterpart, inputs);
        }
        catch (Exception e) when (e is OnnxRuntimeException or PredictionInputException)
        {
            if (counterpartIsGuarded)
            {
                guarded.Window.RecordRequest(Stopwatch.GetTimestamp() - started, failed: true);
                _metrics.Failed(guarded);
            }

            return;
        }

        var runTicks = (Stopwatch.GetTimestamp() - started) / outputs.Rows;
        using var theirs = CopyAndDispose(outputs);
        if (counterpartIsGuarded)
        {
            guarded.Window.RecordRequest(runTicks, failed: false);
        }

        if (!copy.Answered.Comparable || !theirs.Comparable)
        {
            guarded.Window.RecordUncompared();
            return;
        }

        if (copy.Answered.CompareWith(theirs, _guard.AgreementTolerance) is not { } comparison)
        {
            // Outputs shaped unlike the other version's cannot be compared: for the guard, the candidate got it wrong.
            guarded.Window.RecordFailure();
            _metrics.Failed(guarded);
            return;
        }

        var (own, other) = counterpartIsGuarded ? (runTicks, copy.AnsweredRunTicks) : (copy.AnsweredRunTicks, runTicks);
        guarded.Window.RecordComparison(comparison, own, other);
        _metrics.Compared(guarded, comparison);
    }

    private static OutputVector CopyAndDispose(RunOutputs outputs)
    {
        using (outputs)
        {
            return OutputVector.Copy(outputs);
        }
    }

    /// <summary>A request's body and answer, waiting for the other version; owns its body, outputs and lease.</summary>
    private sealed record MirroredRequest(RequestBody Body, PredictFormat Format, OutputVector Answered, long AnsweredRunTicks, ModelLease Counterpart, ServedModel Guarded)
    {
        public void Release(bool keepBody)
        {
            Answered.Dispose();
            Counterpart.Dispose();
            if (!keepBody)
            {
                Body.Dispose();
            }
        }
    }
}
