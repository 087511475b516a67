using System.Collections.Concurrent;
using System.Net.Http.Json;
using Hotswap.Contracts.Predict;

namespace Hotswap.Testing.Hosts;

/// <summary>
/// A few clients predicting in a loop against a host while a test does something to it, counting every answer that
/// is not a prediction. Bounded: it stops when disposed, and by itself after <c>maxDuration</c>.
/// </summary>
public sealed class PredictionLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _clients;
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _versions = new();
    private long _requests;

    private PredictionLoad(HttpClient client, int clients, TimeSpan maxDuration, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        _stop = new CancellationTokenSource(maxDuration);
        _clients = [.. Enumerable.Range(0, clients).Select(_ => Task.Run(() => PredictAsync(client, send)))];
    }

    public long Requests => Interlocked.Read(ref _requests);

    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>How many predictions each version answered.</summary>
    public IReadOnlyDictionary<string, int> Versions => _versions;

    /// <param name="rows">Rows of zeros each request sends.</param>
    public static PredictionLoad Start(RunningHost host, int clients = 4, TimeSpan? maxDuration = null, string? model = null, int rows = 1) =>
        Start(host.Client, clients, maxDuration, model, rows);

    public static PredictionLoad Start(HttpClient client, int clients = 4, TimeSpan? maxDuration = null, string? model = null, int rows = 1)
    {
        var data = Enumerable.Range(0, rows).Select(_ => new[] { 0f, 0f, 0f }).ToArray();
        return new(client, clients, maxDuration ?? TimeSpan.FromMinutes(3), c => c.PostAsJsonAsync("/predict", new { data, model }, CancellationToken.None));
    }

    /// <summary>Clients sending <paramref name="body"/> (an MLflow scoring request) to <paramref name="model"/>'s <c>/invocations</c>.</summary>
    public static PredictionLoad StartInvocations(RunningHost host, string model, string body, int clients = 4, TimeSpan? maxDuration = null) =>
        new(host.Client, clients, maxDuration ?? TimeSpan.FromMinutes(3), c => c.PostAsync(
            $"/models/{model}/invocations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), CancellationToken.None));

    /// <summary>Stops the clients and waits for their last requests.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    public override string ToString() =>
        $"{Requests} requests, {_failures.Count} failed ({string.Join("; ", _failures.Take(5))}), versions {string.Join(", ", _versions.Select(v => $"{v.Key}×{v.Value}"))}";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task PredictAsync(HttpClient client, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // Not cancelled by the stop: a request under way is answered, and counted, like any other.
                using var response = await send(client);
                Interlocked.Increment(ref _requests);
                if (!response.IsSuccessStatusCode)
                {
                    _failures.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    continue;
                }

                _versions.AddOrUpdate(response.Headers.GetValues(PredictHeaders.Version).Single(), 1, (_, n) => n + 1);
            }
            catch (HttpRequestException e)
            {
                Interlocked.Increment(ref _requests);
                _failures.Enqueue($"no answer: {e.Message}");
            }
        }
    }
}
