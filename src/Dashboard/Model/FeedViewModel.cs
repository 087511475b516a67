using System.Collections.Immutable;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Model;

/// <summary>The swap feed as the page shows it: filtered, newest first, with the choices its filters offer.</summary>
public sealed record FeedViewModel
{
    public required ImmutableArray<FeedEntry> Entries { get; init; }
    public required ImmutableArray<string> Models { get; init; }
    public required ImmutableArray<string> Hosts { get; init; }

    public static FeedViewModel Build(IEnumerable<FeedEntry> entries, string? model, string? host)
    {
        var all = entries.ToList();
        return new FeedViewModel
        {
            // Events arrive from several hosts; order by when they happened, then by arrival for ties.
            Entries = [.. all.Where(e => (model is null || e.Model == model) && (host is null || e.HostName == host))
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Sequence)],
            Models = [.. all.Select(e => e.Model).Distinct().Order(StringComparer.Ordinal)],
            Hosts = [.. all.Select(e => e.HostName).Distinct().Order(StringComparer.Ordinal)],
        };
    }
}
