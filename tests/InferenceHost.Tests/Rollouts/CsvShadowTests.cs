using System.Text;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>A candidate in shadow sees copies of CSV requests with string columns, compared like JSON ones.</summary>
public sealed class CsvShadowTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    // The candidate is the served pipeline retrained with an intercept 10 higher: every answer differs by exactly 10.
    private static readonly SklearnColumnPipeline Served = SklearnColumnPipeline.Houses;
    private static readonly SklearnColumnPipeline Candidate = Served with { Intercept = Served.Intercept + 10 };

    [Fact]
    public async Task Csv_requests_with_string_columns_are_mirrored_and_compared_by_difference()
    {
        var store = new ModelStoreScenario(s3.Server);
        await OpenWorldHost.PublishHousesAsync(store, "1", Served);
        await OpenWorldHost.PublishHousesAsync(store, "2", Candidate);
        await store.Registry.PinAsync(OpenWorldHost.Houses, "1", "tests", null, CancellationToken.None);
        await using var host = await RunningHost.StartAsync(store, RolloutScenario.FastGuardWith(("Guard:Window", "00:01:00"), ("Guard:AutoRollback", "false")));
        await host.WaitUntilServingAsync("1", OpenWorldHost.Houses);
        var started = await RolloutScenario.StartAsync(host, "2", RolloutMode.Shadow, model: OpenWorldHost.Houses);
        Assert.Equal(CandidateState.Ready, started.Rollout?.State);

        for (var i = 0; i < 20; i++)
        {
            using var response = await host.Client.PostAsync(
                $"/models/{OpenWorldHost.Houses}/invocations",
                new StringContent($"city,rooms,age\n\"Paris\",{i},10\nBrest,2.5,{i}\n", Encoding.UTF8, "text/csv"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var drift = (await RolloutScenario.StatsAsync(host, s => s.Drift?.Comparisons >= 20, "20 comparisons", model: OpenWorldHost.Houses))!.Drift!;
        Assert.Equal(20, drift.Comparisons);
        Assert.Equal(10, drift.MeanAbsDiff, 1e-3);
        Assert.Equal(10, drift.MaxAbsDiff, 1e-3);
    }
}
