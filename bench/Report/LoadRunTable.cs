using Hotswap.Bench.Load;

namespace Hotswap.Bench.Report;

/// <summary>The raw numbers of load runs, one row each, as a detail table.</summary>
public static class LoadRunTable
{
    public static DetailTable Of(IEnumerable<(string Label, LoadRun Run)> runs) => new(
        ["Run", "Connections", "Requests", "Requests/s", "p50", "p90", "p99", "slowest", "non-2xx", "socket errors"],
        [.. runs.Select(r =>
        {
            var latencies = r.Run.Latencies;
            return (IReadOnlyList<string>)
            [
                r.Label, $"{r.Run.Connections}", Quantity.Count(r.Run.Requests.Count).ToString(), Quantity.Rps(r.Run.RequestsPerSecond).ToString(),
                Quantity.Us(latencies.P50).ToString(), Quantity.Us(latencies.Percentile(0.90)).ToString(), Quantity.Us(latencies.P99).ToString(), Quantity.Us(latencies.Slowest).ToString(),
                $"{r.Run.Non2xx}", $"{r.Run.SocketErrors}",
            ];
        })]);
}
