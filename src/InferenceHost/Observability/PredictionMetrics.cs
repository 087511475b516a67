using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hotswap.InferenceHost.Serving;

namespace Hotswap.InferenceHost.Observability;

/// <summary>
/// Counts and times predictions per model, version and status. Called once per request on the hot path, so it takes
/// no lock and allocates nothing: the tags live in a <see cref="TagList"/> on the stack, their values are the
/// version's own strings and a status string made once per status code.
/// </summary>
public sealed class PredictionMetrics
{
    /// <summary>Client closed the request (nginx's convention): the status the response had is meaningless then.</summary>
    public const int ClientClosedRequest = 499;

    private static readonly string[] StatusNames = [.. Enumerable.Range(100, 500).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    private readonly Counter<long> _predictions;
    private readonly Histogram<double> _duration;

    public PredictionMetrics(HostMeter meter)
    {
        _predictions = meter.Meter.CreateCounter<long>("hotswap.predictions", "{prediction}", "Prediction requests by model, version and HTTP status; model and version are empty when no version answered (unknown model, invalid body, none loaded).");
        _duration = meter.Meter.CreateHistogram("hotswap.prediction.duration", "s", "Time from reading a prediction request to its last byte written, by model and version.", advice: HostMeter.RequestBuckets);
    }

    /// <summary>Records a request that started at <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp), answered by <paramref name="answeredBy"/> or by no version.</summary>
    public void Record(HttpContext context, ServedModel? answeredBy, long startedAt)
    {
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        var status = context.RequestAborted.IsCancellationRequested ? ClientClosedRequest : context.Response.StatusCode;
        var model = answeredBy?.Version.Model ?? "";
        var version = answeredBy?.Version.Version ?? "";
        var tags = new TagList { { "model", model }, { "version", version } };
        _duration.Record(seconds, tags);
        tags.Add("status", status is >= 100 and < 600 ? StatusNames[status - 100] : status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _predictions.Add(1, tags);
    }
}
