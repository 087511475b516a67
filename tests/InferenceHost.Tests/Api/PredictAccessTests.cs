using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving.Access;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Tests.Api;

/// <summary>Predict API keys (<c>Predict:ApiKeys</c>) and per-client rate limits (<c>Predict:RateLimit</c>), each off unless configured.</summary>
public sealed class PredictAccessTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string KeyA = "key-a-0123456789abcdef";
    private const string KeyB = "key-b-0123456789abcdef";
    private static readonly string[] PredictRoutes = ["/predict", "/invocations", "/models/{name}/invocations"];

    [Fact]
    public async Task Without_keys_or_limits_predict_is_open_and_its_routes_carry_no_access_checks()
    {
        await using var host = await StartAsync([]);

        var anyKey = await PredictAsync(host, new AuthenticationHeaderValue("Bearer", "not-a-key"));
        var many = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PredictAsync(host, null)));

        Assert.Equal(HttpStatusCode.OK, anyKey.StatusCode);
        Assert.All(many, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(PredictEndpoints(host), e => Assert.Null(e.Metadata.GetMetadata<EnableRateLimitingAttribute>()));
        Assert.False(host.Service<ApiKeys>().Required);
    }

    [Fact]
    public async Task With_keys_a_prediction_without_a_valid_key_gets_401_on_every_predict_route()
    {
        await using var host = await StartAsync(new() { ["Predict:ApiKeys:0"] = KeyA, ["Predict:ApiKeys:1"] = KeyB });

        foreach (var path in new[] { "/predict", "/invocations", $"/models/{ModelStoreScenario.Model}/invocations" })
        {
            foreach (var key in new[] { null, "", KeyA + "x", KeyA[..^1], KeyA.ToUpperInvariant() })
            {
                using var request = Request(path, key is null ? null : new AuthenticationHeaderValue("Bearer", key));
                var response = await host.Client.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path} with key '{key}': {(int)response.StatusCode}");
                Assert.Contains("X-Api-Key", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/models")).StatusCode);
    }

    [Fact]
    public async Task With_keys_each_key_is_accepted_in_the_api_key_header_or_as_a_bearer_token()
    {
        await using var host = await StartAsync(new() { ["Predict:ApiKeys:0"] = KeyA, ["Predict:ApiKeys:1"] = KeyB });

        using var header = Request("/predict", null);
        header.Headers.Add(ApiKeys.Header, KeyB);
        var viaHeader = await host.Client.SendAsync(header);
        var viaBearer = await PredictAsync(host, new AuthenticationHeaderValue("Bearer", KeyA));

        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaBearer.StatusCode);
    }

    [Fact]
    public async Task Past_its_burst_a_client_gets_429_with_retry_after_while_another_key_still_predicts()
    {
        await using var host = await StartAsync(new()
        {
            ["Predict:ApiKeys:0"] = KeyA,
            ["Predict:ApiKeys:1"] = KeyB,
            ["Predict:RateLimit:PermitsPerSecond"] = "1",
            ["Predict:RateLimit:Burst"] = "3",
        });

        var a = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            a.Add(await PredictAsync(host, new AuthenticationHeaderValue("Bearer", KeyA)));
        }

        var b = await PredictAsync(host, new AuthenticationHeaderValue("Bearer", KeyB));

        Assert.All(a.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, a[3].StatusCode);
        Assert.True(int.Parse(a[3].Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Contains("Predict:RateLimit", (await a[3].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
    }

    [Fact]
    public async Task Without_keys_the_rate_limit_applies_per_remote_address_and_only_to_predictions()
    {
        await using var host = await StartAsync(new() { ["Predict:RateLimit:PermitsPerSecond"] = "2" });

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            responses.Add(await PredictAsync(host, null));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
        Assert.All(PredictEndpoints(host), e => Assert.NotNull(e.Metadata.GetMetadata<EnableRateLimitingAttribute>()));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/models")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_rate_limit_keys_on_the_client_address_it_forwards()
    {
        await using var host = await StartAsync(new() { ["Predict:RateLimit:PermitsPerSecond"] = "1", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

        var clients = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => PredictFromAsync(host, $"203.0.113.{i}")));
        var repeated = new List<HttpStatusCode>();
        while (repeated.Count < 20 && !repeated.Contains(HttpStatusCode.TooManyRequests))
        {
            repeated.Add((await PredictFromAsync(host, "203.0.113.1")).StatusCode);
        }

        Assert.All(clients, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains(HttpStatusCode.TooManyRequests, repeated);
    }

    [Fact]
    public async Task Without_known_proxies_a_forwarded_client_address_is_ignored_by_the_rate_limit()
    {
        await using var host = await StartAsync(new() { ["Predict:RateLimit:PermitsPerSecond"] = "1" });

        // Ten different claimed clients share the caller's one bucket: were the header believed, each would have its own.
        var clients = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => PredictFromAsync(host, $"203.0.113.{i}")));

        Assert.Contains(clients, r => r.StatusCode == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public void Invalid_access_options_are_reported_all_at_once()
    {
        var options = new PredictLimits { ApiKeys = ["short", " padded-key-0123456789 "], RateLimit = new() { PermitsPerSecond = -1, Burst = -2 } };

        var result = new PredictLimitsValidator().Validate(null, options);

        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Predict:ApiKeys:0", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Predict:ApiKeys:1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_with_invalid_access_options_does_not_start()
    {
        var store = new ModelStoreScenario(s3.Server);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningHost.StartAsync(store, new Dictionary<string, string?> { ["Predict:ApiKeys:0"] = "short" }));

        Assert.Contains("Predict:ApiKeys:0", error.Message);
    }

    private async Task<RunningHost> StartAsync(Dictionary<string, string?> settings)
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        var host = await RunningHost.StartAsync(store, settings);
        await host.WaitUntilServingAsync("1");
        return host;
    }

    private static Task<HttpResponseMessage> PredictFromAsync(RunningHost host, string forwardedFor)
    {
        var request = Request("/predict", null);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return host.Client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PredictAsync(RunningHost host, AuthenticationHeaderValue? authorization) =>
        host.Client.SendAsync(Request("/predict", authorization));

    private static HttpRequestMessage Request(string path, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { data = new[] { new[] { 1f, 2f, 3f } }, inputs = new[] { new[] { 1f, 2f, 3f } } }) };
        request.Headers.Authorization = authorization;
        return request;
    }

    private static IEnumerable<RouteEndpoint> PredictEndpoints(RunningHost host) =>
        host.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Where(e => PredictRoutes.Contains("/" + e.RoutePattern.RawText!.TrimStart('/')));
}
