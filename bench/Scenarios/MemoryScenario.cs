using System.Net.Http.Json;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;
using Hotswap.Bench.Store;

namespace Hotswap.Bench.Scenarios;

/// <summary>
/// (4) Memory: the host's resident set over many swaps (a leak per version change would grow it), and the peak of a
/// single swap of a large model against the model's size.
/// </summary>
public sealed class MemoryScenario : IScenario
{
    private const int EarlySwaps = 10;

    public string Name => "memory";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var swaps = context.Pick(1000, 100);
        var peakSwaps = context.Pick(3, 2);
        var largeBytes = context.Pick(100_000_000L, 20_000_000L);
        var store = context.NewStore();
        await store.PublishAsync(BenchModels.WakeWord, 1, BenchModels.WakeWordVersion(1), ct);
        await store.PublishAsync(BenchModels.WakeWord, 2, BenchModels.WakeWordVersion(2), ct);
        await store.PublishAsync(BenchModels.Large, 1, BenchModels.LargeVersion(largeBytes, 1), ct);
        var large = await store.PublishAsync(BenchModels.Large, 2, BenchModels.LargeVersion(largeBytes, 2), ct);
        await store.PinAsync(BenchModels.WakeWord, 1, ct);
        await store.PinAsync(BenchModels.Large, 1, ct);

        context.Log($"memory: RSS over {swaps} swaps of the wake-word model");
        var rss = await RssOverSwapsAsync(context, store, swaps, new Dictionary<string, string>());
        context.Log($"memory: RSS over {swaps} swaps with tiered compilation off (control)");
        var rssNoTiering = await RssOverSwapsAsync(context, store, swaps, new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" });

        context.Log($"memory: peak of {peakSwaps} swaps of a {largeBytes / 1_000_000} MB model");
        var growth = new List<(double Baseline, double Peak)>();
        await using (var host = await StartAsync(context, store, BenchModels.Large))
        {
            using var control = InferenceHostProcess.OperatorClient(host);
            for (var swap = 1; swap <= peakSwaps; swap++)
            {
                var baseline = ProcessMemory.Resident(host.Pid);
                ProcessMemory.ResetPeak(host.Pid);
                await PinAsync(control, BenchModels.Large, 1 + (swap % 2), ct);
                growth.Add((baseline, ProcessMemory.Peak(host.Pid)));
            }
        }

        var worst = growth.MaxBy(g => g.Peak - g.Baseline);
        var plot = Charts.Lines(context.OutputDirectory, "memory-rss-over-swaps.png", $"The host's resident set after each of {swaps} swaps of the ~1 MB wake-word model",
            "RSS over swaps", "swaps", "VmRSS (MiB)", [Mebibytes("host RSS", rss), Mebibytes("tiered compilation off (control)", rssNoTiering)]);
        return new ScenarioResult
        {
            Name = Name,
            Title = "4. Memory",
            Method = $"One host process; VmRSS and VmHWM from /proc/<pid>/status. Swaps are pins through the control API, which answers once this host has swapped. "
                + $"RSS: {swaps} swaps alternating two versions of the ~1 MB wake-word model, RSS read after each; then the same in a host with `DOTNET_TieredCompilation=0`, as a control without the JIT's warm-up. Peak: {peakSwaps} swaps of a {largeBytes / 1_000_000} MB model "
                + "(two versions), VmHWM reset (`clear_refs` 5) just before each, so the peak is that swap's own; the baseline is VmRSS just before it, with one version loaded.",
            Figures =
            [
                new Figure($"RSS after {swaps} swaps vs after {EarlySwaps}", Quantity.Bytes(rss[^1]), Quantity.Bytes(rss[EarlySwaps - 1]), Target.RatioAtMost(1.05)),
                // A leak keeps growing; allocator warm-up levels off. The second half tells them apart.
                new Figure($"RSS after {swaps} swaps vs after {swaps / 2} (growth in the second half)", Quantity.Bytes(rss[^1]), Quantity.Bytes(rss[(swaps / 2) - 1]), null),
                // The JIT's tiering recompiles hot methods for the first seconds of the loop, growing its code heaps;
                // with it off, what remains is what swaps themselves keep.
                new Figure($"RSS after {swaps} swaps vs after {EarlySwaps}, tiered compilation off (control)", Quantity.Bytes(rssNoTiering[^1]), Quantity.Bytes(rssNoTiering[EarlySwaps - 1]), null),
                new Figure($"peak − baseline during a swap vs model size ({largeBytes / 1_000_000} MB)", Quantity.Bytes(worst.Peak - worst.Baseline), Quantity.Bytes(large.SizeBytes), Target.RatioAtMost(2)),
            ],
            Details =
            [
                new DetailTable(["Swap of the large model", "baseline VmRSS", "peak VmHWM", "growth"],
                    [.. growth.Select((g, i) => (IReadOnlyList<string>)[$"{i + 1}", Quantity.Bytes(g.Baseline).ToString(), Quantity.Bytes(g.Peak).ToString(), Quantity.Bytes(g.Peak - g.Baseline).ToString()])]),
            ],
            Plots = [plot],
            Notes = context.Quick ? [$"Quick run: {swaps} swaps instead of 1,000 and a {largeBytes / 1_000_000} MB model instead of 100 MB."] : [],
        };
    }

    /// <summary>The resident set of a fresh host after each of <paramref name="swaps"/> swaps between two wake-word versions.</summary>
    private static async Task<List<double>> RssOverSwapsAsync(ScenarioContext context, BenchStore store, int swaps, IReadOnlyDictionary<string, string> runtime)
    {
        var rss = new List<double>(swaps);
        await using var host = await StartAsync(context, store, BenchModels.WakeWord, runtime);
        using var control = InferenceHostProcess.OperatorClient(host);
        for (var swap = 1; swap <= swaps; swap++)
        {
            await PinAsync(control, BenchModels.WakeWord, 1 + (swap % 2), context.CancellationToken);
            rss.Add(ProcessMemory.Resident(host.Pid));
        }

        return rss;
    }

    private static Series Mebibytes(string name, List<double> bytes) =>
        new(name, [.. Enumerable.Range(1, bytes.Count).Select(i => (double)i)], [.. bytes.Select(b => b / (1024 * 1024))]);

    private static Task<ServerProcess> StartAsync(ScenarioContext context, BenchStore store, string model, IReadOnlyDictionary<string, string>? runtime = null) =>
        InferenceHostProcess.StartReadyAsync(
            "host", new HostSettings { StoreDirectory = store.Directory, Models = [model], Runtime = runtime ?? new Dictionary<string, string>() }, context.NewDirectory("cache"), context.CancellationToken);

    private static async Task PinAsync(HttpClient control, string model, int version, CancellationToken ct)
    {
        using var answer = await control.PostAsJsonAsync($"/control/models/{model}/pin", new { version = $"{version}", reason = "bench memory scenario", actor = "bench" }, ct);
        answer.EnsureSuccessStatusCode();
    }
}
