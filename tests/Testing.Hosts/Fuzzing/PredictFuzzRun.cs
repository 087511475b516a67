using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.Contracts.Predict;

namespace Hotswap.Testing.Hosts.Fuzzing;

/// <summary>
/// Generated bad prediction requests against a host of <see cref="TwoModelStore"/>, sent concurrently over a few
/// keep-alive connections with valid predictions interleaved: each bad one must get 400, 413 or 415 with a
/// ProblemDetails detail, never a 500, and the valid ones their right prediction. The same run for a host in-process
/// and for the published executable.
/// </summary>
public static class PredictFuzzRun
{
    private const int Connections = 4;
    private const int ValidEvery = 25;

    /// <summary>The only statuses a bad request may get.</summary>
    public static readonly IReadOnlySet<HttpStatusCode> Refusals = new HashSet<HttpStatusCode> { HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType };

    /// <summary>Sends <paramref name="requests"/> bad requests of <see cref="PredictFuzzer"/>(<paramref name="seed"/>) to <paramref name="host"/>.</summary>
    public static async Task<PredictFuzzResult> RunAsync(Uri host, int seed, int requests)
    {
        var fuzzer = new PredictFuzzer(seed);
        var bad = new ConcurrentQueue<FuzzRequest>(fuzzer.Generate(requests));
        var valid = new ConcurrentQueue<(FuzzRequest, float)>(Enumerable.Range(0, requests / ValidEvery + Connections).Select(_ => fuzzer.Valid()));
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<(string Category, int Status), int>();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections }) { BaseAddress = host, Timeout = TimeSpan.FromSeconds(30) };

        var workers = Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
        {
            for (var sent = 1; bad.TryDequeue(out var request); sent++)
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
        return new PredictFuzzResult(failures, statuses, afterwards);
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
