using System.Diagnostics;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Fleet;

/// <summary>
/// A dashboard that takes connections and never answers costs a host nothing on the request path or the swap path:
/// the fleet connection and the reports wait on their own timeouts, off both.
/// </summary>
public sealed class SilentDashboardTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    /// <summary>Far above a prediction on a loaded machine, far below the report timeout a waiting request would show.</summary>
    private static readonly TimeSpan SlowestPrediction = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("Poll")]
    [InlineData("OnRequest")]
    public async Task A_dashboard_that_never_answers_slows_neither_predictions_nor_swaps(string mode)
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        using var dashboard = new SilentDashboard();
        var settings = new Dictionary<string, string?>
        {
            ["Swap:Mode"] = mode,
            ["Fleet:DashboardUrl"] = dashboard.Address.ToString(),
            ["Fleet:Token"] = TestDashboard.Token,
            ["Fleet:ReportTimeout"] = "00:00:30",
        };
        await using var host = await RunningHost.StartAsync(store, settings);
        await host.WaitUntilServingAsync("1");
        await Eventually.ReturnsAsync(() => Task.FromResult(dashboard.Accepted), accepted => accepted > 0, "the host to reach the silent dashboard");
        await store.PublishAsync(2);

        var slowest = TimeSpan.Zero;
        string? served = null;
        var deadline = Stopwatch.StartNew();
        while (served != "2" && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await host.PredictAsync([5.1f, 3.5f, 0.2f]);
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, Stopwatch.GetElapsedTime(started).Ticks));
            served = response.Headers.GetValues(Contracts.Predict.PredictHeaders.Version).Single();
        }

        Assert.Equal("2", served);
        Assert.True(slowest < SlowestPrediction, $"The slowest prediction took {slowest}, while the dashboard never answered.");
    }
}
