using System.Collections.Immutable;
using Hotswap.Contracts.Swapping;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>
/// The recent swap events of every host, newest first, kept in the dashboard process so a page opened (or reloaded)
/// later still shows what happened before it.
/// </summary>
public sealed class SwapFeed(IOptions<DashboardOptions> options)
{
    private readonly int _capacity = options.Value.FeedCapacity;
    private long _sequence;

    public LiveValue<ImmutableList<FeedEntry>> Entries { get; } = new(ImmutableList<FeedEntry>.Empty);

    public void Add(string hostUrl, string hostName, SwapStarted e) =>
        Add(new FeedEntry(Next(), e.At, hostUrl, hostName, e.Model, FeedEventKind.Started, e.FromVersion, e.ToVersion, e.SwapId, null, $"trigger: {e.Trigger}"));

    public void Add(string hostUrl, string hostName, SwapSucceeded e) =>
        Add(new FeedEntry(Next(), e.At, hostUrl, hostName, e.Model, FeedEventKind.Succeeded, e.FromVersion, e.ToVersion, e.SwapId, e.Durations, null));

    public void Add(string hostUrl, string hostName, SwapFailed e) =>
        Add(new FeedEntry(Next(), e.At, hostUrl, hostName, e.Model, FeedEventKind.Failed, e.ServedVersion, e.ToVersion, e.SwapId, null,
            e.NextRetryAt is { } retry ? $"{e.Reason} (retry at {retry:HH:mm:ss})" : e.Reason));

    public void Add(string hostUrl, string hostName, ModelRemoved e) =>
        Add(new FeedEntry(Next(), e.At, hostUrl, hostName, e.Model, FeedEventKind.Removed, e.LastVersion, null, null, null, "left the desired state"));

    private long Next() => Interlocked.Increment(ref _sequence);

    private void Add(FeedEntry entry) => Entries.Update(list =>
    {
        var next = list.Insert(0, entry);
        return next.Count > _capacity ? next.RemoveAt(next.Count - 1) : next;
    });
}
