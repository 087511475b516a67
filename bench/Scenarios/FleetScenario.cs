using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;
using Hotswap.Contracts.Fleet;
using Hotswap.Testing.Hosts;

namespace Hotswap.Bench.Scenarios;

/// <summary>
/// (8) Fleet: what the dashboard process pays for hosts that announce themselves, per 100 hosts: resident memory for
/// the connections and their state, CPU time while they sit connected, and CPU time for a swap reported by every one.
/// </summary>
public sealed class FleetScenario : IScenario
{
    private const int Step = 100;
    private const string Model = "iris";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "fleet";

    private sealed record Row(int Hosts, double ResidentBytes, TimeSpan IdleCpu, TimeSpan SwapCpu, TimeSpan SwapShown);

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var ct = context.CancellationToken;
        var steps = context.Pick(5, 2);
        var idleWindow = context.Pick(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3));
        await using var dashboard = await DashboardProcess.StartReadyAsync(context.NewDirectory("store"), context.NewDirectory("dashboard"), ct);
        using var reader = DashboardProcess.FleetReader(dashboard);
        var fleets = new List<SimulatedFleet>();
        var rows = new List<Row>();
        try
        {
            // The dashboard's own start-up work (JIT, the first page's assets) settles before anything is counted.
            await CpuOverAsync(dashboard, idleWindow, ct);
            var empty = new Row(0, ProcessMemory.Resident(dashboard.Pid), await CpuOverAsync(dashboard, idleWindow, ct), TimeSpan.Zero, TimeSpan.Zero);
            for (var step = 1; step <= steps; step++)
            {
                var hosts = step * Step;
                context.Log($"fleet: connecting hosts {hosts - Step + 1} to {hosts}");
                fleets.Add(await SimulatedFleet.StartAsync(dashboard.Address, DashboardProcess.FleetToken, Step, Model, "1", $"bench-{step}"));
                await WaitForAsync(reader, f => f.Hosts.Count(h => h.Connected) == hosts, ct);
                if (step == 1)
                {
                    // An uncounted first swap, so the first step's figure is not the JIT's warm-up of the report path.
                    await fleets[0].ReportSwapAsync(Model, "0");
                    await WaitForAsync(reader, f => f.Hosts.Count(h => h.Models is [{ ServedVersion: "0" }]) == Step, ct);
                }

                var resident = ProcessMemory.Resident(dashboard.Pid);
                var idle = await CpuOverAsync(dashboard, idleWindow, ct);

                var version = (step + 1).ToString(CultureInfo.InvariantCulture);
                context.Log($"fleet: {hosts} hosts report a swap to version {version}");
                var before = ProcessCpu.Used(dashboard.Pid);
                await Task.WhenAll(fleets.Select(f => f.ReportSwapAsync(Model, version)));
                var reported = Stopwatch.GetTimestamp();
                await WaitForAsync(reader, f => f.Hosts.Count(h => h.Models is [{ ServedVersion: var served }] && served == version) == hosts, ct);
                rows.Add(new Row(hosts, resident, idle, ProcessCpu.Used(dashboard.Pid) - before, Stopwatch.GetElapsedTime(reported)));
            }

            var first = rows[0];
            var last = rows[^1];
            double PerHundred(TimeSpan cpu, int hosts) => cpu.TotalMilliseconds * Step / hosts;
            return new ScenarioResult
            {
                Name = Name,
                Title = "8. Fleet",
                Method = $"One dashboard process (`Fleet:Token` set, no host list) and, in the bench's process, simulated hosts: real SignalR connections to `{FleetPaths.Hub}` "
                    + $"that register and report like a host (`tests/Testing.Hosts/SimulatedFleet.cs`), added {Step} at a time up to {steps * Step}. After each step, once `GET {FleetPaths.Fleet}` lists them all: "
                    + $"VmRSS, then the dashboard's CPU time (utime + stime from /proc/<pid>/stat) over {idleWindow.TotalSeconds:0} s with the hosts connected and silent (the first count with none, after as long again to settle from its start), then every host reports a swap "
                    + $"(SwapStarted, SwapSucceeded, the status after it; the first step starts with an uncounted one, for the JIT) and the CPU time runs until `GET {FleetPaths.Fleet}` shows every host on the new version. The simulated hosts share the cores with the dashboard.",
                Figures =
                [
                    new Figure($"resident memory per {Step} connected hosts ({last.Hosts} vs none)", Quantity.Bytes((last.ResidentBytes - empty.ResidentBytes) * Step / last.Hosts), Quantity.Bytes(empty.ResidentBytes), null),
                    new Figure($"CPU per {Step} hosts reporting a swap, at {last.Hosts} vs at {first.Hosts}", Quantity.Ms(PerHundred(last.SwapCpu, last.Hosts)), Quantity.Ms(PerHundred(first.SwapCpu, first.Hosts)), Target.RatioAtMost(2)),
                    new Figure($"every swap shown in {FleetPaths.Fleet} after the last report, {last.Hosts} hosts (ms)", Quantity.Ms(last.SwapShown.TotalMilliseconds), Quantity.None, Target.ValueAtMost(2000)),
                ],
                Details =
                [
                    new DetailTable(["Hosts", "VmRSS (MiB)", $"CPU connected and silent ({idleWindow.TotalSeconds:0} s, ms)", "CPU for every host's swap (ms)", $"of which per {Step} hosts (ms)", "shown after the last report (ms)"],
                    [
                        .. new[] { empty }.Concat(rows).Select(r => (IReadOnlyList<string>)
                        [
                            r.Hosts.ToString(CultureInfo.InvariantCulture),
                            (r.ResidentBytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture),
                            r.IdleCpu.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
                            r.Hosts == 0 ? "—" : r.SwapCpu.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
                            r.Hosts == 0 ? "—" : PerHundred(r.SwapCpu, r.Hosts).ToString("0", CultureInfo.InvariantCulture),
                            r.Hosts == 0 ? "—" : r.SwapShown.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
                        ]),
                    ]),
                ],
                Notes = ["CPU time is counted in the kernel's 10 ms ticks; a figure under ~50 ms is coarse."],
            };
        }
        finally
        {
            foreach (var fleet in fleets)
            {
                await fleet.DisposeAsync();
            }
        }
    }

    private static async Task<TimeSpan> CpuOverAsync(ServerProcess process, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = ProcessCpu.Used(process.Pid);
        await Task.Delay(window, cancellationToken);
        return ProcessCpu.Used(process.Pid) - before;
    }

    private static async Task WaitForAsync(HttpClient reader, Func<FleetView, bool> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        FleetView fleet;
        while (!condition(fleet = (await reader.GetFromJsonAsync<FleetView>(FleetPaths.Fleet, Json, cancellationToken))!))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                var served = fleet.Hosts.GroupBy(h => $"{(h.Connected ? "connected" : "disconnected")} serving {string.Join("+", h.Models.Select(m => m.ServedVersion))}");
                throw new TimeoutException($"{FleetPaths.Fleet} did not reach the expected fleet within 60 s; it lists {string.Join(", ", served.Select(g => $"{g.Count()} {g.Key}"))}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }
}
