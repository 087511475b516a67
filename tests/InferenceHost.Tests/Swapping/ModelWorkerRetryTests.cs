using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using static Hotswap.InferenceHost.Tests.Swapping.WorkerHarness;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>A failed load, of the served version or of a candidate, is tried again after a backoff that doubles, not on every pass.</summary>
public sealed class ModelWorkerRetryTests
{
    [Fact]
    public async Task A_version_that_failed_to_load_is_not_loaded_again_before_its_backoff_has_passed()
    {
        await using var h = new WorkerHarness();
        await h.ConvergeAsync(Entry("1"));
        h.Loader.Break("2");

        await h.ConvergeAsync(Entry("2"));
        var failed = h.Worker.Status;
        await h.ConvergeAsync(Entry("2"));
        var loadsWithinBackoff = h.Loader.LoadsOf("2");

        Assert.Equal(ModelState.Failed, failed.State);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromSeconds(2), failed.NextRetryAt);
        Assert.Equal(1, loadsWithinBackoff);
        Assert.Equal("1", h.Served);
    }

    [Fact]
    public async Task A_version_that_fails_again_after_its_backoff_waits_twice_as_long()
    {
        await using var h = new WorkerHarness();
        await h.ConvergeAsync(Entry("1"));
        h.Loader.Break("2");
        await h.ConvergeAsync(Entry("2"));

        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.ConvergeAsync(Entry("2"));

        Assert.Equal(2, h.Loader.LoadsOf("2"));
        Assert.Equal(2, h.Worker.Status.Retry?.Failures);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromSeconds(4), h.Worker.Status.NextRetryAt);
    }

    [Fact]
    public async Task A_candidate_that_failed_to_load_is_loaded_once_its_backoff_has_passed()
    {
        await using var h = new WorkerHarness();
        await h.ConvergeAsync(Entry("1"));
        h.Loader.Break("2");
        await h.ConvergeAsync(Entry("1", candidate: "2"));
        var failed = h.Worker.Rollout.Candidate;
        h.Loader.Repair("2");
        await h.ConvergeAsync(Entry("1", candidate: "2"));
        var loadsWithinBackoff = h.Loader.LoadsOf("2");

        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.ConvergeAsync(Entry("1", candidate: "2"));

        Assert.Equal(CandidateState.Failed, failed.State);
        Assert.Contains("broken on purpose", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, loadsWithinBackoff);
        Assert.Equal(CandidateState.Ready, h.Worker.Rollout.Candidate.State);
        Assert.Equal("2", h.Worker.Rollout.Loaded.Candidate?.Version.Version);
        Assert.Equal(RolloutPhase.Shadow, h.Worker.Rollout.Route.Phase);
        Assert.Same(h.Worker.Rollout.Loaded.Candidate, h.Slot.Rollout?.Other);
        Assert.Equal("1", h.Served);
    }
}
