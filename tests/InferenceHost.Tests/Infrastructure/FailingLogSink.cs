using Hotswap.Testing.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotswap.InferenceHost.Tests.Infrastructure;

/// <summary>
/// A log sink that fails (as a full disk or a dead collector does) on chosen log events until it is healed: a real
/// fault that reaches every logging call of the host, including those in the background loops' error paths.
/// </summary>
public sealed class FailingLogSink : ILoggerProvider
{
    private readonly HashSet<int> _eventIds;
    private volatile bool _failing = true;

    private FailingLogSink(int[] eventIds) => _eventIds = [.. eventIds];

    /// <summary>Adds a sink to <paramref name="host"/>'s logging that throws on <paramref name="eventIds"/> from now on.</summary>
    public static FailingLogSink AddTo(RunningHost host, params int[] eventIds)
    {
        var sink = new FailingLogSink(eventIds);
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(sink);
        return sink;
    }

    public void Heal() => _failing = false;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(FailingLogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (sink._failing && sink._eventIds.Contains(eventId.Id))
            {
                throw new IOException($"the log sink is full (event {eventId.Id})");
            }
        }
    }
}
