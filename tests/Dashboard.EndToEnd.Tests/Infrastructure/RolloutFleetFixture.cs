namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A fleet whose guards look at a short window, evaluated every 200 ms, and arm after 100 requests, so a rollout's
/// figures move and a bad candidate is rolled back within seconds.
/// </summary>
public sealed class RolloutFleetFixture() : FleetFixture(new Dictionary<string, string?>
{
    ["Guard:Window"] = "00:00:05",
    ["Swap:KeepPreviousFor"] = "00:00:05",
    ["Guard:EvaluationInterval"] = "00:00:00.200",
    ["Guard:MinRequests"] = "100",
});
