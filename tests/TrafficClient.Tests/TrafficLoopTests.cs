using System.Threading.Channels;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Hotswap.TrafficClient.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.TrafficClient.Tests;

/// <summary>The demo's traffic client against real hosts on loopback; its clock is a fake one, ticked by the tests.</summary>
public sealed class TrafficLoopTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly LogLines _log = new();
    private ModelStoreScenario _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new ModelStoreScenario(s3rver.Server);
        await _store.PublishAsync(1);
    }

    [Fact]
    public async Task Each_tick_asks_the_next_host_and_logs_who_answered_with_which_version_and_prediction()
    {
        await using var first = await RunningHost.StartAsync(_store);
        await using var second = await RunningHost.StartAsync(_store);
        await Task.WhenAll(first.WaitUntilServingAsync("1"), second.WaitUntilServingAsync("1"));
        using var loop = Loop(first.Address, second.Address);

        await loop.StartAsync(CancellationToken.None);
        var answers = new[] { await _log.NextAsync(), await TickAsync() };
        await loop.StopAsync(CancellationToken.None);

        // Version 1 of the scenario's model predicts sum(features) + 1 = 5.1 + 3.5 + 0.2 + 1.
        Assert.Equal($"{first.Address.Authority} answered with version 1: prediction [9.8]", answers[0]);
        Assert.Equal($"{second.Address.Authority} answered with version 1: prediction [9.8]", answers[1]);
    }

    [Fact]
    public async Task A_host_that_cannot_be_reached_is_logged_and_the_next_tick_goes_on()
    {
        await using var host = await RunningHost.StartAsync(_store);
        await host.WaitUntilServingAsync("1");
        var down = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        using var loop = Loop(down, host.Address);

        await loop.StartAsync(CancellationToken.None);
        var failure = await _log.NextAsync();
        var answer = await TickAsync();
        await loop.StopAsync(CancellationToken.None);

        Assert.StartsWith($"{down.Authority} could not be asked: ", failure);
        Assert.StartsWith($"{host.Address.Authority} answered with version 1", answer);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private TrafficLoop Loop(params Uri[] hosts) => new(
        new HttpClient { Timeout = TimeSpan.FromSeconds(10) },
        Options.Create(new TrafficOptions { Hosts = [.. hosts.Select(h => h.ToString())] }),
        _time,
        _log);

    private Task<string> TickAsync()
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return _log.NextAsync();
    }

    /// <summary>The loop's log, line by line as it is written.</summary>
    private sealed class LogLines : ILogger<TrafficLoop>
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public async Task<string> NextAsync() => await _lines.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Writer.TryWrite(formatter(state, exception));
    }
}
