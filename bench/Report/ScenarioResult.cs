namespace Hotswap.Bench.Report;

/// <summary>A table of raw measurements behind the figures, for readers who want the numbers the ratios came from.</summary>
public sealed record DetailTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A PNG the scenario wrote into the output folder, with what it shows.</summary>
public sealed record Plot(string FileName, string Caption);

/// <summary>What one scenario found: its figures, the measurements behind them, its plots and what a reader must know.</summary>
public sealed record ScenarioResult
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Method { get; init; }
    public required IReadOnlyList<Figure> Figures { get; init; }
    public IReadOnlyList<DetailTable> Details { get; init; } = [];
    public IReadOnlyList<Plot> Plots { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
    public TimeSpan Elapsed { get; init; }
}
