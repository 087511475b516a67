using System.Collections.Concurrent;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Hubs;
using Hotswap.InferenceHost.Swapping;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Status;

/// <summary>
/// Where the host's background loops report what they caught: per loop the latest error, when, and how many, shown in
/// <c>GET /status</c>, sent to hub clients and logged. Reporting never throws: it runs in the loops' last line of
/// defence, so a failing log sink or hub is swallowed here rather than taking the loop down with it.
/// </summary>
public sealed partial class BackgroundFaults(HubSubscribers hub, IOptions<SwapOptions> options, TimeProvider time, ILogger<BackgroundFaults> logger)
{
    private readonly ConcurrentDictionary<string, BackgroundFault> _faults = new(StringComparer.Ordinal);

    /// <summary>Every loop that has failed, its latest fault first.</summary>
    public IReadOnlyList<BackgroundFault> All => [.. _faults.Values.OrderByDescending(f => f.At)];

    /// <summary>Records <paramref name="exception"/> as <paramref name="loop"/>'s latest fault, logs it and sends it to hub clients.</summary>
    public void Report(string loop, Exception exception)
    {
        var error = $"{exception.GetType().Name}: {exception.Message}";
        var fault = _faults.AddOrUpdate(
            loop,
            static (loop, state) => new BackgroundFault(state.HostId, loop, state.Error, 1, state.At),
            static (_, known, state) => known with { Error = state.Error, Count = known.Count + 1, At = state.At },
            (HostId: options.Value.ResolvedHostId, Error: error, At: time.GetUtcNow()));
        try
        {
            LoopFailed(logger, loop, fault.Count, exception);
        }
        catch (Exception)
        {
            // The log sink itself failed: the status and the hub still say it.
        }

        try
        {
            // Through each connection's own queue, like every other event: no stalled client holds it up.
            hub.Post(client => client.BackgroundFault(fault));
        }
        catch (Exception)
        {
            // Recorded for GET /status already.
        }
    }

    /// <summary>The delay before a loop that failed <paramref name="failures"/> times in a row tries again: doubling from a second, at most a minute.</summary>
    public static TimeSpan Backoff(int failures) => TimeSpan.FromSeconds(Math.Min(60, 1 << Math.Clamp(failures - 1, 0, 6)));

    [LoggerMessage(1401, LogLevel.Error, "Background loop {Loop} failed unexpectedly ({Count} so far); it goes on after a backoff")]
    private static partial void LoopFailed(ILogger logger, string loop, int count, Exception exception);
}
