using System.Net.Http.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>Hosts whose guard looks at a short window, evaluated often, and the calls rollout tests make to them.</summary>
public static class RolloutScenario
{
    /// <summary>
    /// Test classes whose guard judges p99 latencies run one after the other: a p99 over a few hundred requests is one
    /// or two of them, and another class's load on a 2-core machine stalls exactly those, in one version only.
    /// </summary>
    public const string LatencySensitive = "guard latencies";

    public static readonly Dictionary<string, string?> FastGuard = new()
    {
        ["Guard:Window"] = "00:00:03",
        ["Guard:EvaluationInterval"] = "00:00:00.200",
        ["Guard:MinRequests"] = "100",
    };

    /// <summary>
    /// The fast guard, with the latency rule of the tests that prove a healthy version is left alone: on a busy 2-core
    /// machine the p99s of two identical versions over a few hundred requests have differed by up to 13× from
    /// scheduling alone, so a version counts as slow from 20× and 20 ms slower. Huge batches timed per request rather
    /// than per row made a healthy canary measure 32×.
    /// </summary>
    public static Dictionary<string, string?> FastGuardOnABusyMachine(params (string Key, string Value)[] settings) =>
        FastGuardWith([("Guard:MaxP99Ratio", "20"), ("Guard:P99Slack", "00:00:00.020"), .. settings]);

    public static Dictionary<string, string?> FastGuardWith(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(FastGuard);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    public static async Task<ControlResult> StartAsync(RunningHost host, string version, RolloutMode mode, int weight = 0, GuardRules? guard = null, string model = ModelStoreScenario.Model)
    {
        using var response = await host.Operator.PostAsJsonAsync($"/control/models/{model}/rollout", new StartRolloutRequest(version, mode, weight, guard), Json.Options);
        return await ResultAsync(response);
    }

    public static async Task<ControlResult> PostAsync(RunningHost host, string action, object? body = null)
    {
        using var response = await host.Operator.PostAsJsonAsync($"/control/models/{ModelStoreScenario.Model}/rollout/{action}", body ?? new ControlRequest(), Json.Options);
        return await ResultAsync(response);
    }

    /// <summary>The guard's latest figures, once they satisfy <paramref name="condition"/>.</summary>
    public static Task<RolloutStats?> StatsAsync(RunningHost host, Func<RolloutStats, bool> condition, string what, TimeSpan? timeout = null, string model = ModelStoreScenario.Model) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await host.Client.GetAsync($"/models/{model}/rollout");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RolloutStats>(Json.Options) : null;
            },
            s => s is not null && condition(s),
            what,
            timeout);

    public static Task<ModelStatus?> StatusAsync(RunningHost host, Func<ModelStatus, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => host.Client.GetFromJsonAsync<ModelStatus>($"/models/{ModelStoreScenario.Model}", Json.Options),
            s => s is not null && condition(s),
            what,
            timeout);

    private static async Task<ControlResult> ResultAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize<ControlResult>(text, Json.Options)!;
    }
}
