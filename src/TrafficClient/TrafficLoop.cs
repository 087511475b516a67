using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.TrafficClient.Configuration;
using Microsoft.Extensions.Options;

namespace Hotswap.TrafficClient;

/// <summary>
/// Sends the seed client's request every interval, to each host in turn, and logs who answered with which version and
/// prediction. A failure (a host down, a 503 during a resource-preserving swap) is logged and the loop goes on.
/// </summary>
public sealed class TrafficLoop(HttpClient http, IOptions<TrafficOptions> options, TimeProvider time, ILogger<TrafficLoop> logger) : BackgroundService
{
    private static readonly float[] IrisSample = [5.1f, 3.5f, 0.2f];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var body = new PredictRequest([settings.Features.Count > 0 ? [.. settings.Features] : IrisSample], settings.Model);
        var hosts = settings.Hosts.Select(h => new Uri(new Uri(h.TrimEnd('/') + "/"), "predict")).ToArray();
        using var timer = new PeriodicTimer(settings.Interval, time);
        var turn = 0;
        do
        {
            await PredictAsync(hosts[turn++ % hosts.Length], body, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task PredictAsync(Uri predict, PredictRequest body, CancellationToken stoppingToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(predict, body, stoppingToken);
            var text = await response.Content.ReadAsStringAsync(stoppingToken);
            if (!response.IsSuccessStatusCode)
            {
                TrafficLog.Refused(logger, predict.Authority, (int)response.StatusCode, text);
                return;
            }

            var version = response.Headers.TryGetValues("X-Model-Version", out var values) ? string.Join(",", values) : "(none)";
            var prediction = JsonDocument.Parse(text).RootElement.GetProperty("prediction").GetRawText();
            TrafficLog.Answered(logger, predict.Authority, version, prediction);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException || (e is TaskCanceledException && !stoppingToken.IsCancellationRequested))
        {
            TrafficLog.Failed(logger, predict.Authority, e.Message);
        }
    }

    private sealed record PredictRequest(float[][] Data, string Model);
}
