using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.Bench.Processes;
using Hotswap.Contracts.Status;

namespace Hotswap.Bench.Fleet;

/// <summary>Watches hosts' <c>GET /models/{name}</c> to see when every one of them serves a version.</summary>
public sealed class FleetProbe(IReadOnlyList<ServerProcess> hosts) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient[] _clients = [.. hosts.Select(h => new HttpClient { BaseAddress = h.Address, Timeout = TimeSpan.FromSeconds(10) })];
    private readonly HttpClient[] _operators = [.. hosts.Select(InferenceHostProcess.OperatorClient)];

    /// <summary>Polls every few milliseconds; returns the Stopwatch timestamp of the first poll that found every host serving <paramref name="version"/>.</summary>
    public async Task<long> WaitUntilServingAsync(string model, int version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var expected = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var served = await Task.WhenAll(_clients.Select(c => c.GetFromJsonAsync<ModelStatus>($"/models/{model}", Json, cancellationToken)));
            var now = Stopwatch.GetTimestamp();
            if (served.All(s => s?.ServedVersion == expected))
            {
                return now;
            }

            if (Stopwatch.GetElapsedTime(started, now) > timeout)
            {
                throw new TimeoutException($"Not every host served {model} version {version} within {timeout.TotalSeconds:0} s: {string.Join(", ", served.Select(s => s?.ServedVersion ?? "nothing"))}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        }
    }

    /// <summary>The push: tells every host at once to read the desired state now, as the dashboard does after a pin.</summary>
    public async Task RefreshAllAsync(string model, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(_operators.Select(o => o.PostAsJsonAsync($"/control/models/{model}/refresh", new { }, cancellationToken)));
        foreach (var answer in answers)
        {
            using (answer)
            {
                answer.EnsureSuccessStatusCode();
            }
        }
    }

    /// <summary>What each host logged about its successful swaps of <paramref name="model"/>: the phase durations that explain a slow propagation.</summary>
    public IReadOnlyList<string> SwapLogLines(string model) =>
        [.. hosts.SelectMany(h => h.RecentOutput.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains($" of {model} ", StringComparison.Ordinal) && l.Contains("succeeded", StringComparison.Ordinal))
            .Select(l => $"{h.Name}: {l}"))];

    public void Dispose()
    {
        foreach (var client in _clients.Concat(_operators))
        {
            client.Dispose();
        }
    }
}
