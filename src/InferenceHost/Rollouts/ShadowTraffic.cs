using System.Diagnostics;
using System.Threading.Channels;
using Hotswap.InferenceHost.Configuration;
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
    private readonly VersionOutcomes _outcomes;
    private readonly BackgroundFaults _faults;

    public ShadowTraffic(IOptions<GuardOptions> guard, IOptions<PredictLimits> limits, VersionOutcomes outcomes, BackgroundFaults faults)
    {
        _guard = guard.Value;
        _limits = limits.Value;
        _outcomes = outcomes;
        _faults = faults;
        _queue = Channel.CreateBounded<MirroredRequest>(new BoundedChannelOptions(_guard.ShadowQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>
    /// Queues a copy of a request answered with <paramref name="answered"/> in <paramref name="answeredRunTicks"/> Stopwatch
    /// ticks per row for <paramref name="counterpart"/>. True when the copy took <paramref name="request"/>'s body (it
    /// returns it to the pool once compared); false when it was dropped. The copy parses the body again when its turn
    /// comes, so a queued copy holds no parsed JSON.
    /// </summary>
    public bool TryMirror(in PredictionRequest request, RunOutputs answered, long answeredRunTicks, ServedModel counterpart, ServedModel guarded)
    {
        if (!counterpart.TryAcquire())
        {
            return false;
        }

        var copy = new MirroredRequest(request.Body, request.Format, OutputVector.Copy(answered), answeredRunTicks, new ModelLease(counterpart), guarded);
        if (_queue.Writer.TryWrite(copy))
        {
            return true;
        }

        copy.Release(keepBody: true);
        _outcomes.Dropped(guarded);
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
        var request = PredictionRequest.Parse(copy.Body, copy.Format, _limits);
        var started = Stopwatch.GetTimestamp();
        RunOutputs outputs;
        try
        {
            outputs = request.Run(counterpart);
        }
        catch (Exception e) when (e is OnnxRuntimeException or PredictionInputException)
        {
            if (counterpartIsGuarded)
            {
                _outcomes.Failed(guarded, Stopwatch.GetTimestamp() - started);
            }

            return;
        }

        var runTicks = (Stopwatch.GetTimestamp() - started) / outputs.Rows;
        using var theirs = CopyAndDispose(outputs);
        if (counterpartIsGuarded)
        {
            VersionOutcomes.Answered(guarded, runTicks);
        }

        if (!copy.Answered.Comparable || !theirs.Comparable)
        {
            VersionOutcomes.Uncompared(guarded);
            return;
        }

        if (copy.Answered.CompareWith(theirs, _guard.AgreementTolerance) is not { } comparison)
        {
            _outcomes.Mismatched(guarded);
            return;
        }

        var (own, other) = counterpartIsGuarded ? (runTicks, copy.AnsweredRunTicks) : (copy.AnsweredRunTicks, runTicks);
        _outcomes.Compared(guarded, comparison, own, other);
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
