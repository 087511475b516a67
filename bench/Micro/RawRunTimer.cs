using System.Diagnostics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Hotswap.Bench.Micro;

/// <summary>The median time of one raw Run per serving case, in microseconds, and how it was measured.</summary>
public sealed record RawRunTimes(IReadOnlyDictionary<ServingCase, double> Microseconds, string Method);

/// <summary>
/// Times <see cref="RawRun"/>: with BenchmarkDotNet in a full run (in-process toolchain, short job: 3 warm-up and 3
/// measured iterations of ~0.5 s each), with a Stopwatch loop in a quick run, where BenchmarkDotNet's pilot stages
/// would take longer than the whole smoke run.
/// </summary>
public static class RawRunTimer
{
    public static RawRunTimes Measure(bool quick, string artifactsDirectory) =>
        quick ? MeasureWithStopwatch() : MeasureWithBenchmarkDotNet(artifactsDirectory);

    private static RawRunTimes MeasureWithBenchmarkDotNet(string artifactsDirectory)
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(artifactsDirectory);
        var summary = BenchmarkRunner.Run<RawRunBenchmarks>(config);
        var times = summary.Reports
            .Where(r => r.ResultStatistics is not null)
            .ToDictionary(r => (ServingCase)r.BenchmarkCase.Parameters[nameof(RawRunBenchmarks.Case)], r => r.ResultStatistics!.Median / 1000.0);
        if (times.Count != Enum.GetValues<ServingCase>().Length)
        {
            throw new InvalidOperationException($"BenchmarkDotNet measured {times.Count} of the serving cases; see its log in {artifactsDirectory}.");
        }

        return new RawRunTimes(times, "BenchmarkDotNet 0.15 (in-process, ShortRun job), median");
    }

    private static RawRunTimes MeasureWithStopwatch()
    {
        var times = Enum.GetValues<ServingCase>().ToDictionary(c => c, c =>
        {
            using var run = new RawRun(c.Graph(), c.Rows());
            return MedianMicroseconds(run);
        });
        return new RawRunTimes(times, "Stopwatch loop (quick run: 200 warm-up runs, then the median of 15 samples of ~10 ms)");
    }

    private static double MedianMicroseconds(RawRun run)
    {
        for (var i = 0; i < 200; i++)
        {
            run.Run();
        }

        var calibration = Stopwatch.StartNew();
        run.Run();
        var perSample = (int)Math.Clamp(10_000 / Math.Max(calibration.Elapsed.TotalMicroseconds, 0.1), 1, 100_000);
        var samples = new double[15];
        for (var s = 0; s < samples.Length; s++)
        {
            var sample = Stopwatch.StartNew();
            for (var i = 0; i < perSample; i++)
            {
                run.Run();
            }

            samples[s] = sample.Elapsed.TotalMicroseconds / perSample;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
