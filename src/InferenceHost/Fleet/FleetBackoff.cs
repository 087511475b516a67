namespace Hotswap.InferenceHost.Fleet;

/// <summary>
/// How long a host waits before it tries the dashboard again: a bound doubling from a second up to
/// <c>Fleet:ReconnectMaxDelay</c>, and a wait drawn at random below it ("full jitter"), so that hundreds of pods that
/// lost the dashboard at the same instant (its restart) come back spread over the bound instead of in one wave.
/// </summary>
public static class FleetBackoff
{
    /// <param name="attempt">1 for the first attempt after a connection ended, then one more for each failure in a row.</param>
    public static TimeSpan Delay(int attempt, TimeSpan max, Random random)
    {
        var bound = Math.Min(max.Ticks, TimeSpan.FromSeconds(1).Ticks << Math.Clamp(attempt - 1, 0, 20));
        return TimeSpan.FromTicks((long)(bound * random.NextDouble()));
    }
}
