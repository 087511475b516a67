using System.Globalization;
using System.Text;

namespace Hotswap.Bench.Report;

/// <summary>Writes report.md: the machine, then per scenario its method, its figures table, details, plots and notes.</summary>
public static class MarkdownReport
{
    public const string FileName = "report.md";

    /// <summary>The header of every figures table; the smoke test finds the tables by it.</summary>
    public const string FiguresHeader = "| Figure | Measured | Reference | Ratio | Target | Result |";

    public static string Write(string directory, IReadOnlyList<ScenarioResult> results, bool quick, DateTimeOffset startedAt, TimeSpan elapsed, string loadAtStart)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Hotswap bench — {startedAt:yyyy-MM-dd HH:mm} UTC{(quick ? " (quick run)" : "")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{MachineDescription.Describe()}. Whole run: {elapsed.TotalMinutes:0.0} min; load average {loadAtStart} at its start, {MachineDescription.LoadAverage()} at its end.");
        md.AppendLine("Every figure is a ratio of two measurements taken in this run; the load generator runs on the same cores as the servers.");
        if (quick)
        {
            md.AppendLine("**Quick run**: every scenario shortened for a smoke run; the figures are indicative only.");
        }

        md.AppendLine();
        md.AppendLine("## Summary");
        md.AppendLine();
        AppendFigures(md, results.SelectMany(r => r.Figures.Select(f => f with { Name = $"{r.Title}: {f.Name}" })));
        foreach (var result in results)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {result.Title}");
            md.AppendLine();
            md.AppendLine(result.Method);
            md.AppendLine();
            AppendFigures(md, result.Figures);
            foreach (var table in result.Details)
            {
                md.AppendLine();
                md.AppendLine($"| {string.Join(" | ", table.Columns)} |");
                md.AppendLine($"|{string.Concat(table.Columns.Select(_ => " --- |"))}");
                foreach (var row in table.Rows)
                {
                    md.AppendLine($"| {string.Join(" | ", row)} |");
                }
            }

            foreach (var plot in result.Plots)
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"![{plot.Caption}]({plot.FileName})");
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"*{plot.Caption}*");
            }

            if (result.Notes.Count > 0)
            {
                md.AppendLine();
                foreach (var note in result.Notes)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
                }
            }

            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"<sub>{result.Name}: {result.Elapsed.TotalSeconds:0} s</sub>");
        }

        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static void AppendFigures(StringBuilder md, IEnumerable<Figure> figures)
    {
        md.AppendLine(FiguresHeader);
        md.AppendLine("| --- | ---: | ---: | ---: | --- | --- |");
        foreach (var f in figures)
        {
            var ratio = double.IsFinite(f.Ratio) ? f.Ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Name} | {f.Measured} | {f.Reference} | {ratio} | {f.Target?.ToString() ?? "—"} | {Render(f.Verdict)} |");
        }
    }

    private static string Render(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "PASS",
        Verdict.Fail => "**FAIL**",
        _ => "info",
    };
}
