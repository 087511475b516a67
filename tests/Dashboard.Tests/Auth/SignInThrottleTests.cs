using Hotswap.Dashboard.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.Dashboard.Tests.Auth;

public sealed class SignInThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Five_failures_for_one_name_hold_it_back_until_the_first_leaves_the_window()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("alice", $"10.0.0.{i}"));
            throttle.RecordFailure("alice", $"10.0.0.{i}");
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        var held = throttle.RetryAfter("alice", "10.0.1.1");
        _time.Advance(held);

        Assert.Equal(SignInThrottle.Window - TimeSpan.FromSeconds(10 * SignInThrottle.MaxFailures), held);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("alice", "10.0.1.1"));
    }

    [Fact]
    public void Five_failures_from_one_address_hold_back_every_name_from_it_and_no_other_address()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            throttle.RecordFailure($"guess-{i}", "10.0.0.1");
        }

        Assert.True(throttle.RetryAfter("alice", "10.0.0.1") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("alice", "10.0.0.2"));
    }

    [Fact]
    public void Four_failures_hold_nothing_back()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 0; i < SignInThrottle.MaxFailures - 1; i++)
        {
            throttle.RecordFailure("alice", "10.0.0.1");
        }

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("alice", "10.0.0.1"));
    }
}
