namespace Hotswap.Bench.Swaps;

/// <summary>A write of the desired state: at <paramref name="WrittenAt"/> (Stopwatch timestamp, taken before the write) the fleet was told to serve <paramref name="Version"/>.</summary>
public readonly record struct Flip(long WrittenAt, int Version);
