using System.Diagnostics;

namespace Hotswap.Bench.Load;

/// <summary>What a load run recorded: every request, in the order they were sent, and the run's own span.</summary>
public sealed class LoadRun(IReadOnlyList<RequestRecord> requests, long startedAt, long endedAt, int connections)
{
    public IReadOnlyList<RequestRecord> Requests { get; } = requests;

    public long StartedAt { get; } = startedAt;

    public int Connections { get; } = connections;

    public double Seconds { get; } = (endedAt - startedAt) / (double)Stopwatch.Frequency;

    public double RequestsPerSecond => Requests.Count(r => r.IsSuccess) / Seconds;

    public int Non2xx => Requests.Count(r => !r.IsSuccess && !r.IsSocketError);

    public int SocketErrors => Requests.Count(r => r.IsSocketError);

    /// <summary>Requests a client saw fail: non-2xx answers and socket errors.</summary>
    public int Failed => Requests.Count(r => !r.IsSuccess);

    /// <summary>Sorted once, on first use.</summary>
    public LatencyDistribution Latencies => field ??= new LatencyDistribution(Requests);

    /// <summary>Seconds from the start of the run to <paramref name="timestamp"/>.</summary>
    public double SecondsAt(long timestamp) => (timestamp - StartedAt) / (double)Stopwatch.Frequency;
}
