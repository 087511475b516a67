using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Predict;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>A prediction as the playground shows it: who answered, with which version, how fast, and what.</summary>
public sealed record PredictionOutcome(string Target, bool Succeeded, int StatusCode, string? Version, string? Sha256, double LatencyMs, string Body);

/// <summary>Sends playground requests to a host: to what it serves, or (operators only) to a version it loads for a trial.</summary>
public sealed class PredictClient(IHttpClientFactory httpClients, IOptions<DashboardOptions> options)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public Task<PredictionOutcome> PredictAsync(string host, string model, string body, CancellationToken cancellationToken) =>
        SendAsync($"{host} (served)", $"{host}/models/{Uri.EscapeDataString(model)}/invocations", body, authorize: false, cancellationToken);

    public Task<PredictionOutcome> TryVersionAsync(string host, string model, string version, string body, CancellationToken cancellationToken) =>
        SendAsync($"{host} (version {version})",
            $"{host}/control/models/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}/invocations", body, authorize: true, cancellationToken);

    private async Task<PredictionOutcome> SendAsync(string target, string url, string body, bool authorize, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorize)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.OperatorToken ?? "");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await httpClients.CreateClient(FleetControl.HttpClientName).SendAsync(request, cancellationToken);
            var text = response.IsSuccessStatusCode
                ? Pretty(await response.Content.ReadAsStringAsync(cancellationToken))
                : await HostProblem.ReadAsync(response, cancellationToken);
            return new PredictionOutcome(target, response.IsSuccessStatusCode, (int)response.StatusCode,
                Header(response, PredictHeaders.Version), Header(response, PredictHeaders.Sha256), Stopwatch.GetElapsedTime(started).TotalMilliseconds, text);
        }
        catch (HttpRequestException e)
        {
            return new PredictionOutcome(target, false, 0, null, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.Message);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Pretty(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
