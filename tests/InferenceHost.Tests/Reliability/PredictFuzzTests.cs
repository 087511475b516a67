using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.Contracts.Predict;
using Hotswap.InferenceHost.Tests.Infrastructure;

namespace Hotswap.InferenceHost.Tests.Reliability;

/// <summary>
/// Ten thousand generated bad prediction requests against a real host, sent concurrently over a few keep-alive
/// connections with valid predictions interleaved: each bad one gets 400, 413 or 415 with a ProblemDetails detail,
/// never a 500, and the host keeps predicting correctly throughout.
/// </summary>
public sealed class PredictFuzzTests(TwoModelHost fixture) : IClassFixture<TwoModelHost>
{
    private const int Seed = 20261201;
    private const int Requests = 10_200;
    private const int Connections = 4;
    private const int ValidEvery = 25;
    private static readonly HashSet<HttpStatusCode> Refusals = [HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType];

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_only_400_413_or_415_with_a_detail_while_valid_ones_keep_succeeding()
    {
        var fuzzer = new PredictFuzzer(Seed);
        var requests = new ConcurrentQueue<FuzzRequest>(fuzzer.Generate(Requests));
        var valid = new ConcurrentQueue<(FuzzRequest, float)>(Enumerable.Range(0, Requests / ValidEvery + Connections).Select(_ => fuzzer.Valid()));
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<(string Category, int Status), int>();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections }) { BaseAddress = fixture.Host.Address, Timeout = TimeSpan.FromSeconds(30) };

        var workers = Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            for (var sent = 1; requests.TryDequeue(out var request); sent++)
            {
                var problem = await RefusalProblemAsync(client, request, statuses);
                if (problem is not null)
                {
                    failures.Enqueue(problem);
                }

                if (sent % ValidEvery == 0 && valid.TryDequeue(out var check) && await PredictionProblemAsync(client, check.Item1, check.Item2) is { } wrong)
                {
                    failures.Enqueue(wrong);
                }
            }
        }));
        await Task.WhenAll(workers);
        var (last, expected) = fuzzer.Valid();
        var afterwards = await PredictionProblemAsync(client, last, expected);

        Assert.True(failures.IsEmpty, $"{failures.Count} wrong answers, the first ones:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(15))}");
        Assert.Null(afterwards);
        Assert.Equal(Requests, statuses.Values.Sum());
        Assert.All(Refusals, status => Assert.Contains(statuses.Keys, k => k.Status == (int)status));
    }

    [Fact]
    public void The_generator_is_deterministic_and_covers_every_category_on_both_endpoints()
    {
        var first = new PredictFuzzer(Seed).Generate(Requests).ToList();
        var second = new PredictFuzzer(Seed).Generate(Requests).ToList();

        Assert.Equal(first.Count, second.Count);
        Assert.All(first.Zip(second), p => Assert.True(p.First.Path == p.Second.Path && p.First.ContentType == p.Second.ContentType && p.First.Body.AsSpan().SequenceEqual(p.Second.Body), $"differs: {p.First}"));
        Assert.All(first.GroupBy(r => r.Category), g => Assert.True(g.Count() >= 500, $"{g.Key}: {g.Count()}"));
        Assert.Contains(first, r => r.Path == "/predict");
        Assert.Contains(first, r => r.Path.EndsWith("/invocations", StringComparison.Ordinal));
        Assert.Contains(first, r => r.Body.Length > TwoModelHost.MaxBodyBytes && r.Chunked);
    }

    /// <summary>Null when the host refused <paramref name="request"/> as it must; otherwise what went wrong.</summary>
    private static async Task<string?> RefusalProblemAsync(HttpClient client, FuzzRequest request, ConcurrentDictionary<(string, int), int> statuses)
    {
        try
        {
            using var response = await client.SendAsync(Message(request));
            statuses.AddOrUpdate((request.Category, (int)response.StatusCode), 1, (_, n) => n + 1);
            var text = await response.Content.ReadAsStringAsync();
            if (!Refusals.Contains(response.StatusCode))
            {
                return $"{(int)response.StatusCode} for {request}: {text}";
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{(int)response.StatusCode} without ProblemDetails ({response.Content.Headers.ContentType}) for {request}";
            }

            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 }
                ? null
                : $"{(int)response.StatusCode} without a detail for {request}: {text}";
        }
        catch (HttpRequestException e)
        {
            statuses.AddOrUpdate((request.Category, 0), 1, (_, n) => n + 1);
            return $"no answer for {request}: {e.Message}";
        }
    }

    private static async Task<string?> PredictionProblemAsync(HttpClient client, FuzzRequest request, float expected)
    {
        using var response = await client.SendAsync(Message(request));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"valid request answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
        }

        var prediction = (await response.Content.ReadFromJsonAsync<SeedPredictResponse>())!.Prediction[0].GetSingle();
        return Math.Abs(prediction - expected) < 1e-3 ? null : $"valid request predicted {prediction}, expected {expected}";
    }

    private static HttpRequestMessage Message(FuzzRequest request)
    {
        HttpContent content = request.Chunked ? new UnknownLengthContent(request.Body) : new ByteArrayContent(request.Body);
        if (request.ContentType is not null)
        {
            // Unvalidated: some of the wrong content types are not even valid media types.
            content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, request.Path) { Content = content };
    }

    /// <summary>A body sent chunked, without a Content-Length, so the host learns its size only by reading it.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
