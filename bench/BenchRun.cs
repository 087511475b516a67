using System.Diagnostics;
using Hotswap.Bench.Processes;
using Hotswap.Bench.Report;
using Hotswap.Bench.Scenarios;

namespace Hotswap.Bench;

/// <summary>The bench's entry point: runs the chosen scenarios one after another and writes the report.</summary>
public static class BenchRun
{
    public const int Succeeded = 0, ScenarioCrashed = 1, BadArguments = 2;

    public static IReadOnlyList<IScenario> Scenarios { get; } =
    [
        new OverheadScenario(),
        new IdleModelsScenario(),
        new SwapUnderLoadScenario(),
        new PropagationScenario(),
        new MemoryScenario(),
        new ColdStartScenario(),
        new RolloutScenario(),
        new FleetScenario(),
        new SeedBaselineScenario(),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter log, CancellationToken cancellationToken)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args, Path.Combine(BuiltApplications.RepositoryRoot, "bench", "results", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
            if (options.Only.FirstOrDefault(n => Scenarios.All(s => !s.Name.Equals(n, StringComparison.OrdinalIgnoreCase))) is { } unknown)
            {
                throw new ArgumentException($"No scenario is called '{unknown}'; there are {string.Join(", ", Scenarios.Select(s => s.Name))}.");
            }
        }
        catch (ArgumentException e)
        {
            await log.WriteLineAsync(e.Message);
            return BadArguments;
        }

        var selected = Scenarios.Where(s => options.Only.Count == 0 || options.Only.Contains(s.Name)).ToList();
        Directory.CreateDirectory(options.OutputDirectory);
        var scratch = Directory.CreateTempSubdirectory("hotswap-bench-").FullName;
        var context = new ScenarioContext(options.Quick, options.OutputDirectory, scratch, log, cancellationToken);
        var startedAt = DateTimeOffset.UtcNow;
        var loadAtStart = MachineDescription.LoadAverage();
        var clock = Stopwatch.StartNew();
        var results = new List<ScenarioResult>();
        var crashed = false;
        try
        {
            foreach (var scenario in selected)
            {
                context.Log($"{scenario.Name}: starting");
                var scenarioClock = Stopwatch.StartNew();
                try
                {
                    results.Add(await scenario.RunAsync(context) with { Elapsed = scenarioClock.Elapsed });
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // One broken scenario still leaves the others' figures in the report.
                    crashed = true;
                    context.Log($"{scenario.Name}: failed: {e}");
                    results.Add(CrashedScenario.Result(scenario.Name, e, scenarioClock.Elapsed));
                }

                context.Log($"{scenario.Name}: done in {scenarioClock.Elapsed.TotalSeconds:0} s");
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        var report = MarkdownReport.Write(options.OutputDirectory, results, options.Quick, startedAt, clock.Elapsed, loadAtStart);
        context.Log($"report: {report}");
        return crashed ? ScenarioCrashed : Succeeded;
    }
}
