using ScottPlot;

namespace Hotswap.Bench.Report;

/// <summary>A named line of (x, y) points.</summary>
public sealed record Series(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>The report's PNGs, drawn with ScottPlot at one size so they sit side by side in the Markdown.</summary>
public static class Charts
{
    private const int Width = 1000, Height = 450;

    /// <summary>Lines over a shared x axis (logarithmic for latency CDFs), with optional vertical markers (swap moments) per series.</summary>
    public static Plot Lines(string directory, string fileName, string caption, string title, string xLabel, string yLabel,
        IReadOnlyList<Series> series, IReadOnlyList<IReadOnlyList<double>>? markers = null, bool logX = false)
    {
        var plot = new ScottPlot.Plot();
        for (var i = 0; i < series.Count; i++)
        {
            var color = Palette[i % Palette.Length];
            foreach (var at in markers is not null && i < markers.Count ? markers[i] : [])
            {
                var line = plot.Add.VerticalLine(at, 1, color.WithAlpha(0.25));
                line.LinePattern = LinePattern.Dotted;
            }

            var xs = logX ? series[i].X.Select(x => Math.Log10(Math.Max(x, 1e-3))).ToArray() : series[i].X.ToArray();
            var scatter = plot.Add.Scatter(xs, series[i].Y.ToArray(), color);
            scatter.LegendText = series[i].Label;
            scatter.MarkerSize = 0;
            scatter.LineWidth = 1.5f;
        }

        if (logX)
        {
            // Ticks at 1, 2 and 5 of each decade the data spans, labelled with the values rather than their logarithms.
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            var values = series.SelectMany(s => s.X).Where(x => x > 0).ToArray();
            for (var decade = Math.Pow(10, Math.Floor(Math.Log10(values.Min()))); decade <= values.Max(); decade *= 10)
            {
                foreach (var step in new[] { 1, 2, 5 })
                {
                    ticks.AddMajor(Math.Log10(decade * step), (decade * step).ToString("G4", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            plot.Axes.Bottom.TickGenerator = ticks;
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(Path.Combine(directory, fileName), Width, Height);
        return new Plot(fileName, caption);
    }

    private static readonly Color[] Palette = [Colors.C0, Colors.C1, Colors.C2, Colors.C3, Colors.C4];
}
