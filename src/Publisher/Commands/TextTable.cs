namespace Hotswap.Publisher.Commands;

/// <summary>Left-aligned columns two spaces apart, the last one unpadded.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select((_, c) => _rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in _rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))));
        }
    }
}
