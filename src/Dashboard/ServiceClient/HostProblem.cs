using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>Turns a host's error response into the sentence an operator reads: its ProblemDetails, or the bare status.</summary>
public static class HostProblem
{
    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken);
                return problem?.Detail ?? problem?.Title ?? status;
            }
            catch (System.Text.Json.JsonException)
            {
                return status;
            }
        }

        return response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? $"{status}: the host refused the dashboard's operator token" : status;
    }
}
