using System.Diagnostics;
using Hotswap.Contracts.Swapping;
using Hotswap.Testing;
using static Hotswap.InferenceHost.Tests.Observability.SwapActivityRecorder;

namespace Hotswap.InferenceHost.Tests.Observability;

/// <summary>The trace a real host leaves of a swap: one activity per swap, one child per phase.</summary>
public sealed class SwapTraceTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IDisposable
{
    private readonly SwapActivityRecorder _activities = new();

    [Fact]
    public async Task A_swap_is_one_activity_tagged_with_its_versions_and_id_whose_phases_follow_in_order()
    {
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);

        await serving.Store.PublishAsync(2, serving.Model);
        var swap = await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.Model == serving.Model && e.ToVersion == "2");
        var activity = await _activities.WaitForSwapAsync(serving.Model, "2");
        var phases = _activities.ChildrenOf(activity);

        Assert.Null(activity.Parent);
        Assert.Equal("1", Tag(activity, "hotswap.from_version"));
        Assert.Equal(swap.SwapId, Tag(activity, "hotswap.swap_id"));
        Assert.Equal("succeeded", Tag(activity, "hotswap.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Equal(["download", "load", "validate", "warmup", "publish"], phases.Select(p => p.OperationName));
        Assert.All(phases, p => Assert.Equal(ActivityStatusCode.Unset, p.Status));
    }

    [Fact]
    public async Task The_phase_activities_last_exactly_as_long_as_the_swap_event_reports()
    {
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);

        await serving.Store.PublishAsync(2, serving.Model);
        var swap = await serving.Hub.WaitForAsync<SwapSucceeded>(e => e.Model == serving.Model && e.ToVersion == "2");
        var phases = _activities.ChildrenOf(await _activities.WaitForSwapAsync(serving.Model, "2"));

        Assert.Equal(
            [swap.Durations.DownloadMs, swap.Durations.LoadMs, swap.Durations.ValidateMs, swap.Durations.WarmupMs],
            phases.Take(4).Select(p => p.Duration.TotalMilliseconds));
    }

    [Fact]
    public async Task A_failed_swap_is_marked_failed_with_its_reason_and_ends_at_the_phase_that_failed()
    {
        await using var serving = await UniqueModelHost.StartAsync(s3.Server);

        await serving.Store.PublishRawAsync("2", [0x08, 0x01, 0x12, 0x04, 0xde, 0xad], serving.Model);
        var failure = await serving.Hub.WaitForAsync<SwapFailed>(e => e.Model == serving.Model && e.ToVersion == "2");
        var activity = await _activities.WaitForSwapAsync(serving.Model, "2");
        var phases = _activities.ChildrenOf(activity);

        Assert.Equal("failed", Tag(activity, "hotswap.outcome"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(failure.Reason, activity.StatusDescription);
        Assert.Equal(["download", "load"], phases.Select(p => p.OperationName));
        Assert.Equal([ActivityStatusCode.Unset, ActivityStatusCode.Error], phases.Select(p => p.Status));
    }

    public void Dispose() => _activities.Dispose();
}
