using System.Diagnostics;
using Hotswap.Bench.Load;
using Hotswap.Bench.NoopServer;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;
using Hotswap.Bench.Store;

namespace Hotswap.Bench.Scenarios;

/// <summary>
/// (5) Cold start: process start to the first 200 of /predict (a store that already has a version, an empty cache),
/// against an empty ASP.NET Core app's start to its first 200, for the host as built and for published variants.
/// </summary>
public sealed class ColdStartScenario : IScenario
{
    private static readonly byte[] IrisRow = PredictBody.Rows(BenchModels.Iris, 1, 3);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public string Name => "cold-start";

    /// <summary>How the host is built or run: a published folder (null for the build output) and runtime knobs.</summary>
    private sealed record Variant(string Name, string[]? PublishProperties, IReadOnlyDictionary<string, string> Runtime);

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var starts = context.Pick(5, 3);
        var store = context.NewStore();
        await store.PublishAsync(BenchModels.Iris, 1, BenchModels.IrisVersion(1), ct);

        var pgoOff = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" };
        var tieringOff = new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" };
        var none = new Dictionary<string, string>();
        string[] readyToRun = ["PublishReadyToRun=true"];
        Variant[] variants = context.Quick
            ? [new("build output", null, none)]
            :
            [
                new("build output", null, none),
                new("build output, TieredPGO off", null, pgoOff),
                new("ReadyToRun", readyToRun, none),
                new("ReadyToRun, TieredPGO off", readyToRun, pgoOff),
                new("ReadyToRun, TieredCompilation off", readyToRun, tieringOff),
            ];

        var dlls = new Dictionary<string, string>();
        foreach (var publish in variants.Where(v => v.PublishProperties is not null).Select(v => v.PublishProperties!).DistinctBy(p => string.Join(' ', p)))
        {
            context.Log($"cold-start: dotnet publish {string.Join(' ', publish)}");
            dlls[string.Join(' ', publish)] = await HostPublisher.PublishAsync(context.NewDirectory("publish"), publish, ct);
        }

        // Round-robin, so a machine that slows down or speeds up during the run weighs on every variant alike.
        var empty = new List<TimeSpan>();
        var hosts = variants.ToDictionary(v => v.Name, _ => new List<TimeSpan>());
        var listening = variants.ToDictionary(v => v.Name, _ => new List<TimeSpan>());
        for (var round = 0; round < starts; round++)
        {
            context.Log($"cold-start: round {round + 1} of {starts}");
            await using (var app = NoopServerProcess.Start("empty app"))
            {
                await app.WaitUntilAsync(NoopServerProcess.AnswersAsync, StartTimeout, ct);
                empty.Add(Stopwatch.GetElapsedTime(app.StartedAt));
            }

            foreach (var variant in variants)
            {
                var settings = new HostSettings
                {
                    StoreDirectory = store.Directory,
                    Dll = variant.PublishProperties is null ? BuiltApplications.InferenceHostDll : dlls[string.Join(' ', variant.PublishProperties)],
                    Runtime = variant.Runtime,
                };
                await using var host = InferenceHostProcess.Start("host", settings, context.NewDirectory("cache"));
                await host.WaitUntilAsync(IsLiveAsync, StartTimeout, ct);
                listening[variant.Name].Add(Stopwatch.GetElapsedTime(host.StartedAt));
                await host.WaitUntilAsync(PredictsAsync, StartTimeout, ct);
                hosts[variant.Name].Add(Stopwatch.GetElapsedTime(host.StartedAt));
            }
        }

        var emptyMedian = Medians.MillisecondsOf(empty);
        return new ScenarioResult
        {
            Name = Name,
            Title = "5. Cold start",
            Method = $"Each start is a new process on a free port; the time runs from just before `Process.Start` to the first 200 answer, polled every 5 ms: `POST /predict` (iris, one row) "
                + $"for the host, whose local-directory store already holds a version and whose model cache is empty; `POST {NoopServerApp.Path}` for the empty app (`{NoopServerApp.Command}`). "
                + $"{starts} starts each, round-robin, medians. The host is polled on `GET /healthz` first, "
                + "which splits its start into the web app coming up and the first model load plus first prediction. Variants are published into temporary folders (`dotnet publish src/InferenceHost -c Release -r linux-x64`) "
                + "or set through runtime environment variables (DOTNET_TieredPGO, DOTNET_TieredCompilation).",
            Figures = [.. variants.Select(v => new Figure($"host, {v.Name}: start → first prediction vs empty app", Quantity.Ms(Medians.MillisecondsOf(hosts[v.Name])), Quantity.Ms(emptyMedian), Target.RatioAtMost(1.5)))],
            Details =
            [
                new DetailTable(["Process", "Each start to first 200 (ms)", "of which to the first /healthz 200 (ms)"],
                [
                    ["empty ASP.NET Core app", Medians.ListMilliseconds(empty), "—"],
                    .. variants.Select(v => (IReadOnlyList<string>)[$"host, {v.Name}", Medians.ListMilliseconds(hosts[v.Name]), Medians.ListMilliseconds(listening[v.Name])]),
                ]),
            ],
            Notes = context.Quick ? ["Quick run: the build output only; the full run also publishes ReadyToRun variants."] : [],
        };
    }

    private static async Task<bool> IsLiveAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/healthz", ct);
        return response.IsSuccessStatusCode;
    }

    private static async Task<bool> PredictsAsync(HttpClient client, CancellationToken ct)
    {
        using var content = new ByteArrayContent(IrisRow);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync(PredictBody.Path, content, ct);
        return response.IsSuccessStatusCode;
    }

}
