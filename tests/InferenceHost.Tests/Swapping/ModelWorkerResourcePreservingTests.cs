using Hotswap.Contracts.Status;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Swapping;
using static Hotswap.InferenceHost.Tests.Swapping.WorkerHarness;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>A memory-capped host releases the served version before loading the next, and restores it when that load fails.</summary>
public sealed class ModelWorkerResourcePreservingTests
{
    [Fact]
    public async Task A_version_that_fails_to_load_gives_the_released_version_back_from_the_cache()
    {
        await using var h = new WorkerHarness(SwapPolicy.ResourcePreserving);
        await h.ConvergeAsync(Entry("1"));
        var first = h.Slot.Current!;
        h.Loader.Break("2");

        await h.ConvergeAsync(Entry("2"));

        Assert.True(first.Released.IsCompleted, "the served version was released before version 2 loaded");
        Assert.Equal("1", h.Served);
        Assert.NotSame(first, h.Slot.Current);
        Assert.Equal(["1"], h.Loader.Reloads);
        Assert.Equal(["1", "2"], h.Loader.Fetches);
        Assert.Equal(ModelState.Failed, h.Worker.Status.State);
        Assert.Null(h.Worker.Rollout.Loaded.Released);
    }

    [Fact]
    public async Task A_version_that_cannot_be_restored_is_restored_by_the_next_pass_before_anything_else()
    {
        await using var h = new WorkerHarness(SwapPolicy.ResourcePreserving);
        await h.ConvergeAsync(Entry("1"));
        h.Loader.Break("2");
        h.Loader.ReloadBroken = true;
        await h.ConvergeAsync(Entry("2"));
        var unavailable = (h.Served, h.Worker.Rollout.Loaded.Released?.Version.Version);
        h.Loader.ReloadBroken = false;

        await h.ConvergeAsync(Entry("2"));

        Assert.Equal((null, "1"), unavailable);
        Assert.Equal("1", h.Served);
        Assert.Equal(["1", "1"], h.Loader.Reloads);
        Assert.Equal(1, h.Loader.LoadsOf("2"));
        Assert.Null(h.Worker.Rollout.Loaded.Released);
    }
}
