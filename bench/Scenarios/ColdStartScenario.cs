using System.Diagnostics;
using System.Globalization;
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

    /// <summary>How the host is built or run: publish properties (null for the build output) and runtime knobs.</summary>
    private sealed record Variant(string Name, string[]? PublishProperties, IReadOnlyDictionary<string, string> Runtime);

    private const string ReadyToRunName = "ReadyToRun";
    private const string NativeAotName = "Native AOT";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var starts = context.Pick(5, 3);
        var store = context.NewStore();
        await store.PublishAsync(BenchModels.Iris, 1, BenchModels.IrisVersion(1), ct);

        var pgoOff = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" };
        var tieringOff = new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" };
        var none = new Dictionary<string, string>();
        // The host's project publishes Native AOT; its JIT variants say PublishAot=false.
        string[] readyToRun = ["PublishAot=false", "PublishReadyToRun=true"];
        string[] nativeAot = ["PublishAot=true"];
        Variant[] variants = context.Quick
            ? [new("build output", null, none)]
            :
            [
                new("build output", null, none),
                new("build output, TieredPGO off", null, pgoOff),
                new(ReadyToRunName, readyToRun, none),
                new("ReadyToRun, TieredPGO off", readyToRun, pgoOff),
                new("ReadyToRun, TieredCompilation off", readyToRun, tieringOff),
                new(NativeAotName, nativeAot, none),
            ];

        // Published before the first start, so no start is timed beside a publish; variants that share properties share one.
        var entryPoints = new Dictionary<string, string>();
        foreach (var variant in variants)
        {
            entryPoints[variant.Name] = variant.PublishProperties is null
                ? BuiltApplications.InferenceHostDll
                : await context.PublishAsync(BuiltApplications.InferenceHostProject, "Hotswap.InferenceHost", variant.PublishProperties);
        }

        string? emptyAot = null;
        if (!context.Quick)
        {
            emptyAot = await context.PublishAsync(BuiltApplications.EmptyAppProject, "Hotswap.EmptyApp", nativeAot);
        }

        // Round-robin, so a machine that slows down or speeds up during the run weighs on every variant alike.
        var empty = new List<TimeSpan>();
        var emptyNative = new List<TimeSpan>();
        var hosts = variants.ToDictionary(v => v.Name, _ => new List<TimeSpan>());
        var listening = variants.ToDictionary(v => v.Name, _ => new List<TimeSpan>());
        var idleRss = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = 0; round < starts; round++)
        {
            context.Log($"cold-start: round {round + 1} of {starts}");
            empty.Add(await EmptyAppStartAsync(NoopServerProcess.Start("empty app"), ct));
            if (emptyAot is not null)
            {
                emptyNative.Add(await EmptyAppStartAsync(ServerProcess.Start("empty app, Native AOT", emptyAot, new Dictionary<string, string>()), ct));
            }

            foreach (var variant in variants)
            {
                var settings = new HostSettings
                {
                    StoreDirectory = store.Directory,
                    EntryPoint = entryPoints[variant.Name],
                    Runtime = variant.Runtime,
                };
                await using var host = InferenceHostProcess.Start("host", settings, context.NewDirectory("cache"));
                await host.WaitUntilAsync(IsLiveAsync, StartTimeout, ct);
                listening[variant.Name].Add(Stopwatch.GetElapsedTime(host.StartedAt));
                await host.WaitUntilAsync(PredictsAsync, StartTimeout, ct);
                hosts[variant.Name].Add(Stopwatch.GetElapsedTime(host.StartedAt));
                // Idle: what an instance holds between invocations once it has served, after its start-up work settles.
                await Task.Delay(IdleSettle, ct);
                idleRss[variant.Name].Add(ProcessMemory.Resident(host.Pid));
            }
        }

        var emptyMedian = Medians.MillisecondsOf(empty);
        List<Figure> figures = [.. variants.Where(v => v.Name != NativeAotName).Select(v => new Figure($"host, {v.Name}: start → first prediction vs empty app", Quantity.Ms(Medians.MillisecondsOf(hosts[v.Name])), Quantity.Ms(emptyMedian), Target.RatioAtMost(1.5)))];
        if (emptyAot is not null)
        {
            var native = Medians.MillisecondsOf(hosts[NativeAotName]);
            figures.Add(new Figure("host, Native AOT: start → first prediction vs empty app, Native AOT", Quantity.Ms(native), Quantity.Ms(Medians.MillisecondsOf(emptyNative)), Target.RatioAtMost(1.3)));
            figures.Add(new Figure("host, Native AOT vs host, ReadyToRun: start → first prediction", Quantity.Ms(native), Quantity.Ms(Medians.MillisecondsOf(hosts[ReadyToRunName])), Target.RatioAtMost(0.5)));
            figures.Add(new Figure("host, Native AOT vs host, ReadyToRun: idle RSS after the first prediction", Quantity.Bytes(Median(idleRss[NativeAotName])), Quantity.Bytes(Median(idleRss[ReadyToRunName])), Target.RatioAtMost(0.6)));
        }

        return new ScenarioResult
        {
            Name = Name,
            Title = "5. Cold start",
            Method = $"Each start is a new process on a free port; the time runs from just before `Process.Start` to the first 200 answer, polled every 5 ms: `POST /predict` (iris, one row) "
                + $"for the host, whose local-directory store already holds a version and whose model cache is empty; `POST {NoopServerApp.Path}` for the empty app (`{NoopServerApp.Command}`, "
                + "and the same code published Native AOT from `bench/EmptyApp`). "
                + $"{starts} starts each, round-robin, medians. The host is polled on `GET /healthz` first, "
                + "which splits its start into the web app coming up and the first model load plus first prediction. Variants are published into temporary folders (`dotnet publish src/InferenceHost -c Release -r linux-x64`: "
                + "`-p:PublishAot=false --self-contained false -p:PublishReadyToRun=true` for ReadyToRun, the project's own Native AOT publish otherwise) "
                + $"or set through runtime environment variables (DOTNET_TieredPGO, DOTNET_TieredCompilation). Idle RSS: VmRSS {IdleSettle.TotalSeconds:0} s after the first prediction.",
            Figures = figures,
            Details =
            [
                new DetailTable(["Process", "Each start to first 200 (ms)", "of which to the first /healthz 200 (ms)", "Idle RSS (MiB)"],
                [
                    ["empty ASP.NET Core app", Medians.ListMilliseconds(empty), "—", "—"],
                    .. emptyAot is null ? [] : new[] { (IReadOnlyList<string>)["empty ASP.NET Core app, Native AOT", Medians.ListMilliseconds(emptyNative), "—", "—"] },
                    .. variants.Select(v => (IReadOnlyList<string>)[$"host, {v.Name}", Medians.ListMilliseconds(hosts[v.Name]), Medians.ListMilliseconds(listening[v.Name]), string.Join(", ", idleRss[v.Name].Select(r => (r / 1048576).ToString("0", CultureInfo.InvariantCulture)))]),
                ]),
            ],
            Notes = context.Quick ? ["Quick run: the build output only; the full run also publishes the ReadyToRun and Native AOT variants."] : [],
        };
    }

    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(1);

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task<TimeSpan> EmptyAppStartAsync(ServerProcess app, CancellationToken ct)
    {
        await using (app)
        {
            await app.WaitUntilAsync(NoopServerProcess.AnswersAsync, StartTimeout, ct);
            return Stopwatch.GetElapsedTime(app.StartedAt);
        }
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
