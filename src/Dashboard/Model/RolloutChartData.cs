using System.Collections.Immutable;
using Hotswap.Dashboard.Rollouts;

namespace Hotswap.Dashboard.Model;

/// <summary>One line of a chart: its legend name and a value per sample (null where the version had none).</summary>
public sealed record ChartLine(string Name, ImmutableArray<double?> Values);

/// <summary>The rollout page's charts as data: a label per sample and the lines of each chart.</summary>
public sealed record RolloutChartData
{
    /// <summary>At most one label every this many samples, so the axis stays readable.</summary>
    private const int LabelEvery = 30;

    public required ImmutableArray<string> Labels { get; init; }
    public required ImmutableArray<ChartLine> RequestsPerSecond { get; init; }
    public required ImmutableArray<ChartLine> ErrorRate { get; init; }
    public required ImmutableArray<ChartLine> Latency { get; init; }
    public required ImmutableArray<ChartLine> Drift { get; init; }

    public static RolloutChartData Build(IReadOnlyList<RolloutSample> samples)
    {
        var versions = samples.SelectMany(s => s.Versions.Select(v => (v.Version, v.Role))).DistinctBy(v => v.Version).ToList();
        ImmutableArray<double?> Of(Func<RolloutSample, double?> value) => [.. samples.Select(value)];
        ImmutableArray<ChartLine> PerVersion(string suffix, Func<VersionSample, double?> value) =>
        [
            .. versions.Select(v => new ChartLine($"v{v.Version} ({v.Role}){suffix}", Of(s => s.Versions.FirstOrDefault(x => x.Version == v.Version) is { } x ? value(x) : null))),
        ];
        return new RolloutChartData
        {
            Labels = [.. samples.Select((s, i) => i % LabelEvery == 0 ? s.At.ToLocalTime().ToString("HH:mm:ss") : "")],
            RequestsPerSecond = PerVersion("", v => v.RequestsPerSecond),
            ErrorRate = PerVersion("", v => v.ErrorRate * 100),
            Latency = [.. PerVersion(" p50", v => v.P50Ms), .. PerVersion(" p99", v => v.P99Ms)],
            Drift = samples.Any(s => s.Drift is not null)
                ? [new ChartLine("mean abs diff", Of(s => s.Drift?.MeanAbsDiff)), new ChartLine("agreement %", Of(s => s.Drift is { } d ? d.AgreementRate * 100 : null))]
                : [],
        };
    }
}
