using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>A prediction as the playground shows it: who answered, with which version, how fast, and what.</summary>
public sealed record PredictionOutcome(string Target, bool Succeeded, int StatusCode, string? Version, string? Sha256, double LatencyMs, string Body);

/// <summary>
/// Sends playground requests to a host: to what it serves, or (operators only) to a version it loads for a trial.
/// Whatever a circuit asks, a request goes only to a configured fleet host, and the operator token only with an
/// operator's request: both are checked here, before anything is sent.
/// </summary>
public sealed class PredictClient(IHttpClientFactory httpClients, IOptions<DashboardOptions> options)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public Task<PredictionOutcome> PredictAsync(string host, string model, string body, CancellationToken cancellationToken) =>
        IsFleetHost(host)
            ? SendAsync($"{host} (served)", $"{host}/models/{Uri.EscapeDataString(model)}/invocations", body, authorize: false, cancellationToken)
            : Task.FromResult(Refused($"{host} (served)", $"{host} is not one of the dashboard's hosts; nothing was sent."));

    public Task<PredictionOutcome> TryVersionAsync(ClaimsPrincipal user, string host, string model, string version, string body, CancellationToken cancellationToken)
    {
        var target = $"{host} (version {version})";
        if (!user.IsInRole(Roles.Operator))
        {
            return Task.FromResult(Refused(target, "Only operators may try a version that is not served; nothing was sent."));
        }

        return IsFleetHost(host)
            ? SendAsync(target, $"{host}/control/models/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}/invocations", body, authorize: true, cancellationToken)
            : Task.FromResult(Refused(target, $"{host} is not one of the dashboard's hosts; nothing was sent."));
    }

    private bool IsFleetHost(string host) =>
        options.Value.Hosts.Concat(options.Value.PolledHosts).Any(h => string.Equals(h.TrimEnd('/'), host, StringComparison.OrdinalIgnoreCase));

    private static PredictionOutcome Refused(string target, string reason) => new(target, false, StatusCodes.Status403Forbidden, null, null, 0, reason);

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
