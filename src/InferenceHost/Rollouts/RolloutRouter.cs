using System.Diagnostics;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Serving.Outputs;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// Decides, for a request to a model whose slot has a <see cref="SlotRollout"/>, which version answers, which stands
/// in when it fails, and whether a copy goes to the other version to compare; then runs the request that way and
/// records each outcome once (<see cref="VersionOutcomes"/>). A canary answers its share of requests and, when it
/// fails on one, the served version answers instead; after a swap the warm previous version stands in the same way
/// for the new one. No lock and no allocation beyond the run itself.
/// </summary>
public sealed class RolloutRouter(VersionOutcomes outcomes, ShadowTraffic shadow)
{
    /// <summary>The way <paramref name="headers"/>' request goes through <paramref name="rollout"/> while <paramref name="served"/> is served.</summary>
    public static RolloutRoute Route(ServedModel served, SlotRollout rollout, IHeaderDictionary headers)
    {
        var other = rollout.Other;
        var toCandidate = rollout.Phase == RolloutPhase.Canary && Bucket(headers[rollout.StickyHeader]) < rollout.Weight;
        var (first, standIn) = toCandidate ? (other, served) : (served, rollout.Phase == RolloutPhase.AfterSwap ? other : null);

        // A canary compares only the requests it answered: its own latency is then always a request's.
        var copies = rollout.Mirrors && (rollout.Phase != RolloutPhase.Canary || toCandidate);
        var guarded = rollout.Phase == RolloutPhase.AfterSwap ? served : other;
        return new RolloutRoute(first, standIn, copies ? (toCandidate ? served : other) : null, guarded);
    }

    /// <summary>
    /// FNV-1a of the key's UTF-16 code units, in 0..99: the same on every host and every run, unlike string.GetHashCode,
    /// so a caller that sends the sticky header sees one version of a canary everywhere.
    /// </summary>
    public static int StableBucket(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % 100);
    }

    /// <summary>
    /// Runs <paramref name="request"/> the way <paramref name="route"/> says: on its first version, and when that fails
    /// and the route has a stand-in, on the stand-in. Returns the outputs of the version that answered
    /// (<paramref name="answered"/>) and its run time per row; a failure with no stand-in is the request's answer (400).
    /// </summary>
    public RunOutputs Run(in RolloutRoute route, in PredictionRequest request, out ServedModel answered, out long runTicks)
    {
        var start = Stopwatch.GetTimestamp();
        RunOutputs outputs;
        answered = route.First;
        try
        {
            outputs = route.StandIn is null ? request.RunOrRefuse(route.First) : request.Run(route.First);
        }
        catch (Exception e) when (route.StandIn is not null && e is OnnxRuntimeException or PredictionInputException)
        {
            var failedAfter = Stopwatch.GetTimestamp() - start;
            start = Stopwatch.GetTimestamp();
            outputs = request.RunOrRefuse(route.StandIn);

            // Only now is it the version's fault: the stand-in answered the same request.
            outcomes.Failed(route.First, failedAfter / outputs.Rows);
            answered = route.StandIn;
        }

        runTicks = (Stopwatch.GetTimestamp() - start) / outputs.Rows;
        VersionOutcomes.Answered(answered, runTicks);
        return outputs;
    }

    /// <summary>
    /// Hands a copy of <paramref name="request"/> and of its answer to the shadow worker when the route copies and its
    /// first version answered. True when the copy took the request's body (the worker returns it to the pool once compared).
    /// </summary>
    public bool TryCopy(in RolloutRoute route, ServedModel answered, in PredictionRequest request, RunOutputs outputs, long runTicks) =>
        route.CopyTo is { } copyTo && ReferenceEquals(answered, route.First) && shadow.TryMirror(request, outputs, runTicks, copyTo, route.Guarded);

    private static int Bucket(Microsoft.Extensions.Primitives.StringValues key) =>
        key.Count > 0 && key[0] is { Length: > 0 } value ? StableBucket(value) : Random.Shared.Next(100);
}
