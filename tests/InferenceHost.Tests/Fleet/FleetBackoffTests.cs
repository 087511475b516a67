using Hotswap.InferenceHost.Fleet;

namespace Hotswap.InferenceHost.Tests.Fleet;

/// <summary>How hosts spread their reconnections after losing the dashboard.</summary>
public sealed class FleetBackoffTests
{
    [Fact]
    public void Hosts_that_lose_the_dashboard_together_come_back_spread_below_a_bound_that_doubles_up_to_the_maximum()
    {
        var random = new Random(17);
        var max = TimeSpan.FromSeconds(30);

        var firstTries = Enumerable.Range(0, 500).Select(_ => FleetBackoff.Delay(1, max, random)).ToList();
        var laterTries = Enumerable.Range(0, 500).Select(_ => FleetBackoff.Delay(12, max, random)).ToList();

        Assert.All(firstTries, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.All(laterTries, d => Assert.InRange(d, TimeSpan.Zero, max));
        // Spread over the bound: no tenth of it holds more than a fifth of the hosts.
        Assert.All(firstTries.GroupBy(d => (int)(d.TotalSeconds * 10)), g => Assert.True(g.Count() < 100, $"{g.Count()} of 500 hosts retry in the same 100 ms."));
        Assert.True(laterTries.Max() > TimeSpan.FromSeconds(20), "Later attempts never waited near the maximum.");
    }
}
