using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Tests.ServiceClient;

public sealed class LiveValueTests
{
    [Fact]
    public async Task A_watcher_receives_each_published_snapshot()
    {
        var value = new LiveValue<string>("a");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var watcher = value.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = watcher.MoveNextAsync();

        value.Update(_ => "b");

        Assert.True(await next);
        Assert.Equal("b", watcher.Current);
        Assert.Equal("b", value.Current);
    }

    [Fact]
    public async Task A_slow_watcher_skips_to_the_newest_snapshot()
    {
        var value = new LiveValue<string>("a");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var watcher = value.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var first = watcher.MoveNextAsync();
        value.Update(_ => "b");
        Assert.True(await first);

        value.Update(_ => "c");
        value.Update(_ => "d");

        Assert.True(await watcher.MoveNextAsync());
        Assert.Equal("d", watcher.Current);
    }

    [Fact]
    public void An_update_that_returns_the_same_snapshot_notifies_nobody()
    {
        var snapshot = new object();
        var value = new LiveValue<object>(snapshot);
        using var stop = new CancellationTokenSource();
        var watcher = value.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = watcher.MoveNextAsync();

        value.Update(current => current);

        Assert.False(next.IsCompleted);
        stop.Cancel();
    }
}
