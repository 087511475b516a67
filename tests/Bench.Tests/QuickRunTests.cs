using System.Text.RegularExpressions;
using Hotswap.Bench;
using Hotswap.Bench.Report;

namespace Hotswap.Bench.Tests;

/// <summary>
/// Keeps the bench working: a quick run of its light scenarios, in-process, writes a report whose figures tables parse
/// and whose plot exists. It checks that the bench runs, not what it measures. The scenarios that saturate the cores
/// with load (overhead, idle models, swap) stay out: the test suite runs test projects in parallel, and they would
/// starve the others.
/// </summary>
public sealed partial class QuickRunTests
{
    private static readonly string[] Verdicts = ["PASS", "**FAIL**", "info"];

    [Fact]
    public async Task A_quick_run_writes_a_report_with_parsable_tables_and_its_plots()
    {
        var output = Directory.CreateTempSubdirectory("hotswap-bench-test-").FullName;
        try
        {
            using var log = new StringWriter();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var exit = await BenchRun.RunAsync(["--quick", "--only", "memory,cold-start", "--out", output], log, timeout.Token);
            Assert.True(exit == BenchRun.Succeeded, $"The bench exited with {exit}:{Environment.NewLine}{log}");

            var report = await File.ReadAllTextAsync(Path.Combine(output, MarkdownReport.FileName));
            var rows = FigureRows(report).ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, row =>
            {
                Assert.Equal(6, row.Length);
                Assert.Contains(row[^1], Verdicts);
            });
            foreach (var title in new[] { "4. Memory", "5. Cold start" })
            {
                Assert.Contains($"## {title}", report);
            }

            var plots = PlotReference().Matches(report).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(["memory-rss-over-swaps.png"], plots);
            Assert.All(plots, plot => Assert.True(new FileInfo(Path.Combine(output, plot)).Length > 1000, $"{plot} is missing or empty."));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The cells of every row under a figures table header, separator rows left out.</summary>
    private static IEnumerable<string[]> FigureRows(string report)
    {
        var inTable = false;
        foreach (var line in report.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line == MarkdownReport.FiguresHeader)
            {
                inTable = true;
            }
            else if (!line.StartsWith('|'))
            {
                inTable = false;
            }
            else if (inTable && !line.StartsWith("| ---", StringComparison.Ordinal))
            {
                yield return [.. line.Trim('|').Split('|').Select(c => c.Trim())];
            }
        }
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+\.png)\)")]
    private static partial Regex PlotReference();
}
