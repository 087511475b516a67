using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Testing.Hosts;
using static Hotswap.InferenceHost.Tests.Swapping.WorkerHarness;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>The version a swap replaces stays loaded for Swap:KeepPreviousFor, so a rollback within it loads nothing.</summary>
public sealed class ModelWorkerKeepPreviousTests
{
    [Fact]
    public async Task The_previous_version_stays_loaded_until_Swap_KeepPreviousFor_has_passed_and_is_released_then()
    {
        await using var h = new WorkerHarness(keepPreviousFor: TimeSpan.FromSeconds(30));
        await h.ConvergeAsync(Entry("1"));
        var first = h.Slot.Current!;
        await h.ConvergeAsync(Entry("2"));
        var swapped = h.Worker.Rollout;

        h.Time.Advance(TimeSpan.FromSeconds(29));
        var keptBeforeTheEnd = h.Worker.Rollout.Loaded.Previous;
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await Within(first.Released);
        var steady = await Eventually.ReturnsAsync(() => Task.FromResult(h.Worker.Rollout), r => r.Route.Phase == RolloutPhase.Steady, "the steady phase");

        Assert.Same(first, swapped.Loaded.Previous);
        Assert.Equal(RolloutPhase.AfterSwap, swapped.Route.Phase);
        Assert.Same(first, keptBeforeTheEnd);
        Assert.Null(steady.Loaded.Previous);
        Assert.Null(h.Slot.Rollout);
        Assert.Equal("2", h.Served);
    }

    [Fact]
    public async Task A_rollback_within_the_keep_time_serves_the_warm_previous_version_without_loading_it()
    {
        await using var h = new WorkerHarness();
        await h.ConvergeAsync(Entry("1"));
        var first = h.Slot.Current!;
        await h.ConvergeAsync(Entry("2"));

        await h.ConvergeAsync(Entry("1"));

        Assert.Same(first, h.Slot.Current);
        Assert.Equal(1, h.Loader.LoadsOf("1"));
        Assert.Null(h.Worker.Rollout.Loaded.Previous);
    }

    [Fact]
    public async Task With_Swap_KeepPreviousFor_zero_a_swap_releases_the_version_it_replaces_at_once()
    {
        await using var h = new WorkerHarness(keepPreviousFor: TimeSpan.Zero);
        await h.ConvergeAsync(Entry("1"));
        var first = h.Slot.Current!;

        await h.ConvergeAsync(Entry("2"));

        await Within(first.Released);
        Assert.Null(h.Worker.Rollout.Loaded.Previous);
        Assert.Equal(RolloutPhase.Steady, h.Worker.Rollout.Route.Phase);
    }

    [Fact]
    public void A_negative_Swap_KeepPreviousFor_is_refused_at_start_up()
    {
        var result = new SwapOptionsValidator().Validate(null, new SwapOptions { KeepPreviousFor = TimeSpan.FromSeconds(-1) });

        Assert.Equal(["Swap:KeepPreviousFor must not be negative (it is -00:00:01)."], result.Failures);
    }
}
