using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Hotswap.Bench.Processes;

/// <summary>Starts Hotswap.InferenceHost as its own process, configured like an operator would.</summary>
public static class InferenceHostProcess
{
    /// <summary>A fresh token per run: the hosts run in Production, which refuses short or well-known tokens.</summary>
    private static readonly string OperatorToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static ServerProcess Start(string name, HostSettings settings, string cacheDirectory)
    {
        var environment = new Dictionary<string, string>(settings.Runtime)
        {
            ["ModelStore__Uri"] = settings.StoreDirectory,
            ["Swap__PollInterval"] = settings.PollInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Swap__Mode"] = settings.Mode,
            ["Swap__CacheDirectory"] = cacheDirectory,
            ["Swap__HostId"] = name,
            ["Control__Token"] = OperatorToken,
        };
        foreach (var (key, value) in settings.Configuration)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        for (var i = 0; i < settings.Models.Count; i++)
        {
            environment[$"Swap__Models__{i}"] = settings.Models[i];
        }

        return ServerProcess.Start(name, settings.EntryPoint, environment);
    }

    /// <summary>Starts a host and waits until every model it expects serves a version (/readyz).</summary>
    public static Task<ServerProcess> StartReadyAsync(string name, HostSettings settings, string cacheDirectory, CancellationToken cancellationToken) =>
        Start(name, settings, cacheDirectory).ReadyAsync(IsReadyAsync, TimeSpan.FromSeconds(120), cancellationToken);

    public static HttpClient OperatorClient(ServerProcess host) => new()
    {
        BaseAddress = host.Address,
        Timeout = TimeSpan.FromSeconds(120),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken) },
    };

    private static async Task<bool> IsReadyAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/readyz", cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
