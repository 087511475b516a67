using Hotswap.InferenceHost.Configuration;

namespace Hotswap.InferenceHost.Swapping;

/// <summary>
/// Failures in a row of one attempt (a version's load, named by <see cref="Subject"/>, or a whole pass, with no
/// subject) and when it may be tried again.
/// </summary>
public sealed record RetryState(string? Subject, int Failures, DateTimeOffset NextAttemptAt)
{
    /// <summary>Whether an attempt at <paramref name="subject"/> must wait for its backoff to pass.</summary>
    public bool Waits(string? subject, DateTimeOffset now) => Subject == subject && NextAttemptAt > now;
}

/// <summary>Exponential backoff: <see cref="BaseDelay"/> after the first failure, doubling on each one up to <see cref="MaxDelay"/>.</summary>
public sealed record RetryPolicy(TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy From(SwapOptions options) => new(options.RetryBaseDelay, options.RetryMaxDelay);

    /// <summary>The state after a failed attempt at <paramref name="subject"/>: one failure more when the last one was at it too.</summary>
    public RetryState Failed(RetryState? last, string? subject, DateTimeOffset now)
    {
        var failures = last is not null && last.Subject == subject ? last.Failures + 1 : 1;
        return new RetryState(subject, failures, now + Delay(failures));
    }

    public TimeSpan Delay(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, BaseDelay.Ticks << Math.Min(failures - 1, 20)));
}
