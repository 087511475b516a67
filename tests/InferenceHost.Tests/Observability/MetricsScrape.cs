using System.Globalization;
using System.Text.RegularExpressions;

namespace Hotswap.InferenceHost.Tests.Observability;

/// <summary>One sample of a scrape: a series' name, its labels and its value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>The samples of one scrape of <c>/metrics</c>, read from Prometheus' text format.</summary>
public sealed partial class MetricsScrape(IReadOnlyList<MetricSample> samples, string text)
{
    public IReadOnlyList<MetricSample> Samples { get; } = samples;

    public static async Task<MetricsScrape> ReadAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        var samples = text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(ParseSample)
            .ToList();
        return new MetricsScrape(samples, text);
    }

    /// <summary>The value of the one series named <paramref name="name"/> that has (at least) these labels, or null if none has.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        var matching = Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).ToList();
        Assert.True(matching.Count <= 1, $"{matching.Count} series of {name} match {string.Join(", ", labels)}");
        return matching.SingleOrDefault()?.Value;
    }

    public override string ToString() => text;

    private static MetricSample ParseSample(string line)
    {
        var match = SampleLine().Match(line);
        Assert.True(match.Success, $"not a sample line: {line}");
        var labels = LabelPair().Matches(match.Groups["labels"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => Regex.Unescape(m.Groups["value"].Value));
        return new MetricSample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)",?""")]
    private static partial Regex LabelPair();
}
