using System.Diagnostics;

namespace Hotswap.Bench.Load;

/// <summary>
/// A closed-loop HTTP/1.1 load generator in the bench's process: each of N keep-alive connections sends its next
/// request as soon as the last is answered, and every request is recorded. It shares the machine's cores with the
/// server under test, so only ratios between runs of this same generator are meaningful.
/// </summary>
public static class LoadGenerator
{
    /// <summary>Runs <paramref name="plan"/> for <paramref name="warmUp"/> first and forgets it (JIT, pools, connections), then records it.</summary>
    public static async Task<LoadRun> RunWarmAsync(Uri server, LoadPlan plan, TimeSpan warmUp, CancellationToken cancellationToken)
    {
        await RunAsync(server, plan with { Duration = warmUp }, cancellationToken);
        return await RunAsync(server, plan, cancellationToken);
    }

    public static async Task<LoadRun> RunAsync(Uri server, LoadPlan plan, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = plan.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var startedAt = Stopwatch.GetTimestamp();
        var endsAt = startedAt + (long)(plan.Duration.TotalSeconds * Stopwatch.Frequency);
        var perConnection = await Task.WhenAll(Enumerable.Range(0, plan.Connections)
            .Select(_ => Task.Run(() => SendUntilAsync(client, plan, endsAt, cancellationToken), cancellationToken)));
        var endedAt = Stopwatch.GetTimestamp();
        var requests = perConnection.SelectMany(r => r).OrderBy(r => r.SentAt).ToList();
        return new LoadRun(requests, startedAt, endedAt, plan.Connections);
    }

    private static async Task<List<RequestRecord>> SendUntilAsync(HttpClient client, LoadPlan plan, long endsAt, CancellationToken cancellationToken)
    {
        var records = new List<RequestRecord>(capacity: 1 << 16);
        while (Stopwatch.GetTimestamp() < endsAt)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var content = new ByteArrayContent(plan.Body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, plan.Path) { Content = content };
            var sentAt = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                records.Add(new RequestRecord(sentAt, Stopwatch.GetTimestamp() - sentAt, (int)response.StatusCode, VersionOf(response)));
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                records.Add(new RequestRecord(sentAt, Stopwatch.GetTimestamp() - sentAt, 0, -1));
            }
        }

        return records;
    }

    /// <summary>The host names the version that answered in X-Model-Version; the no-op server names none.</summary>
    private static int VersionOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Model-Version", out var values) && int.TryParse(values.FirstOrDefault(), out var version) ? version : -1;
}
