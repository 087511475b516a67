using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.Bench.Fleet;
using Hotswap.Bench.Load;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;
using Hotswap.Bench.Store;
using Hotswap.Contracts.Status;
using Hotswap.Onnx;

namespace Hotswap.Bench.Scenarios;

/// <summary>
/// (7) Rollouts: the served version's p99 with a shadow candidate fed copies of every request against the same load
/// without one; and, on a two-host fleet, the time from the guard's rollback write (a canary that fails on live
/// batches) until no host runs the candidate any more, by polling alone and with the push the dashboard sends.
/// </summary>
public sealed class RolloutScenario : IScenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);
    private static readonly Dictionary<string, string> FastGuard = new()
    {
        ["Guard:Window"] = "00:00:05",
        ["Guard:EvaluationInterval"] = "00:00:00.250",
    };

    public string Name => "rollout";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var rounds = context.Pick(3, 1);
        var measure = context.Pick(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
        var breaches = context.Pick(3, 1);
        var store = context.NewStore();
        await store.PublishAsync(BenchModels.Iris, 1, BenchModels.IrisVersion(1), ct);
        await store.PublishAsync(BenchModels.Iris, 2, BenchModels.IrisVersion(2), ct);
        await store.PinAsync(BenchModels.Iris, 1, ct);

        context.Log($"rollout: served p99 with and without a shadow, {rounds} round(s) of {measure.TotalSeconds:0} s each");
        var (off, on, dropped) = await ShadowLatencyAsync(context, store, rounds, measure);

        context.Log($"rollout: breach to every host off the candidate, {breaches} breach(es) polled and pushed");
        var failing = GeneratedModel.Linear([1f, 1f, 1f], 3) with { BatchOfOne = true };
        await store.PublishAsync(BenchModels.Iris, 3, failing, ct);
        var polled = await BreachesAsync(context, store, breaches, push: false);
        var pushed = await BreachesAsync(context, store, breaches, push: true);

        return new ScenarioResult
        {
            Name = Name,
            Title = "7. Rollouts",
            Method = $"Shadow: one host serves iris version 1 under {LoadPlan.SaturatingConnections / 4} connections; {measure.TotalSeconds:0} s without a rollout, then {measure.TotalSeconds:0} s "
                + "with version 2 in shadow (every answered request copied to it and compared), alternating, " + rounds + " round(s); the figure is the median p99 of the rounds. "
                + $"Breach: two hosts (Swap:PollInterval {PollInterval.TotalSeconds:0} s, Guard:Window 5 s, evaluated every 250 ms) under 2-row requests; a 50% canary of a version "
                + "exported with its batch hard-coded to 1 fails on every batch it answers (the served version stands in, so clients see no error); the guard aborts it in the store. "
                + "Measured from the store write (the bench watches model_list.json every 5 ms) until every host's `GET /models/iris_model` shows no candidate; "
                + "push: as soon as the write is seen the bench tells every host to refresh, as the dashboard does on an auto-rollback.",
            Figures =
            [
                new Figure("served p99, shadow on vs off", Quantity.Us(Medians.Of(on)), Quantity.Us(Medians.Of(off)), Target.RatioAtMost(1.1)),
                new Figure($"breach → every host off the candidate, polling: slowest of {breaches} vs P + 1 s", Quantity.Ms(polled.Max().TotalMilliseconds), Quantity.Ms((PollInterval + Slack).TotalMilliseconds), Target.RatioAtMost(1)),
                new Figure($"breach → every host off the candidate, push: slowest of {breaches} vs 1 s", Quantity.Ms(pushed.Max().TotalMilliseconds), Quantity.Ms(Slack.TotalMilliseconds), Target.RatioAtMost(1)),
                new Figure("copies dropped by the shadow queue (full)", Quantity.Count(dropped), Quantity.Count(1), null),
            ],
            Details =
            [
                new DetailTable(["Measurement", "Each round or breach"],
                [
                    ["served p99 without a rollout (µs)", string.Join(", ", off.Select(v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))],
                    ["served p99 with a shadow (µs)", string.Join(", ", on.Select(v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))],
                    ["breach → off the candidate, polling (ms)", Medians.ListMilliseconds(polled)],
                    ["breach → off the candidate, push (ms)", Medians.ListMilliseconds(pushed)],
                ]),
            ],
        };
    }

    private static async Task<(List<double> Off, List<double> On, long Dropped)> ShadowLatencyAsync(ScenarioContext context, BenchStore store, int rounds, TimeSpan measure)
    {
        var ct = context.CancellationToken;
        var settings = new HostSettings { StoreDirectory = store.Directory, Models = [BenchModels.Iris], Configuration = FastGuard };
        await using var host = await InferenceHostProcess.StartReadyAsync("host", settings, context.NewDirectory("cache"), ct);
        using var control = InferenceHostProcess.OperatorClient(host);
        var plan = new LoadPlan(PredictBody.Path, PredictBody.Rows(BenchModels.Iris, 1, 3), LoadPlan.SaturatingConnections / 4, measure);
        await LoadGenerator.RunAsync(host.Address, plan with { Duration = TimeSpan.FromSeconds(3) }, ct);
        List<double> off = [], on = [];
        for (var round = 0; round < rounds; round++)
        {
            off.Add((await LoadGenerator.RunWarmAsync(host.Address, plan, TimeSpan.FromSeconds(0.5), ct)).Latencies.P99);
            await PostAsync(control, "rollout", new { version = "2", mode = "shadow" }, ct);
            on.Add((await LoadGenerator.RunWarmAsync(host.Address, plan, TimeSpan.FromSeconds(0.5), ct)).Latencies.P99);
            await PostAsync(control, "rollout/abort", new { }, ct);
        }

        var metrics = await new HttpClient { BaseAddress = host.Address }.GetStringAsync("/metrics", ct);
        var dropped = metrics.Split('\n').Where(l => l.StartsWith("hotswap_rollout_dropped", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        return (off, on, (long)dropped);
    }

    private static async Task<List<TimeSpan>> BreachesAsync(ScenarioContext context, BenchStore store, int count, bool push)
    {
        var ct = context.CancellationToken;
        var settings = new HostSettings { StoreDirectory = store.Directory, PollInterval = PollInterval, Models = [BenchModels.Iris], Configuration = FastGuard };
        var hosts = new List<ServerProcess>();
        try
        {
            foreach (var i in Enumerable.Range(1, 2))
            {
                hosts.Add(await InferenceHostProcess.StartReadyAsync($"host-{i}", settings, context.NewDirectory("cache"), ct));
            }

            using var fleet = new FleetProbe(hosts);
            using var control = InferenceHostProcess.OperatorClient(hosts[0]);
            var times = new List<TimeSpan>();
            var batches = new LoadPlan(PredictBody.Path, PredictBody.Rows(BenchModels.Iris, 2, 3), 2, TimeSpan.FromSeconds(60));
            for (var i = 0; i < count; i++)
            {
                using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var loads = hosts.Select(h => LoadGenerator.RunAsync(h.Address, batches, stopLoad.Token)).ToList();
                await PostAsync(control, "rollout", new { version = "3", mode = "canary", weight = 50 }, ct);
                var written = await WaitForAbortWriteAsync(store, ct);
                if (push)
                {
                    await fleet.RefreshAllAsync(BenchModels.Iris, ct);
                }

                await WaitUntilNoCandidateAsync(hosts, ct);
                times.Add(Stopwatch.GetElapsedTime(written));
                await stopLoad.CancelAsync();
                await Task.WhenAll(loads).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            return times;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>The Stopwatch timestamp at which model_list.json was first seen without the candidate.</summary>
    private static async Task<long> WaitForAbortWriteAsync(BenchStore store, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while ((await store.Registry.DesiredState.ReadAsync(ct)).Document.Find(BenchModels.Iris)?.Candidate is not null)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("The guard did not abort the failing canary within 60 s.");
            }

            await Task.Delay(5, ct);
        }

        return Stopwatch.GetTimestamp();
    }

    private static async Task WaitUntilNoCandidateAsync(IReadOnlyList<ServerProcess> hosts, CancellationToken ct)
    {
        using var client = new HttpClient();
        while (true)
        {
            var statuses = await Task.WhenAll(hosts.Select(h => client.GetFromJsonAsync<ModelStatus>(new Uri(h.Address, $"/models/{BenchModels.Iris}"), Json, ct)));
            if (statuses.All(s => s?.Rollout is null))
            {
                return;
            }

            await Task.Delay(5, ct);
        }
    }

    private static async Task PostAsync(HttpClient control, string action, object body, CancellationToken ct)
    {
        using var response = await control.PostAsJsonAsync($"/control/models/{BenchModels.Iris}/{action}", body, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}
