namespace Hotswap.Bench.Load;

/// <summary>
/// One request of a load run: when it was sent and how long it took (<see cref="System.Diagnostics.Stopwatch"/>
/// ticks), its HTTP status (0 for a socket error or a time-out) and the model version that answered (-1 when none did).
/// </summary>
public readonly record struct RequestRecord(long SentAt, long ElapsedTicks, int Status, int Version)
{
    public bool IsSocketError => Status == 0;

    public bool IsSuccess => Status is >= 200 and < 300;

    public double ElapsedMicroseconds => ElapsedTicks * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
}
