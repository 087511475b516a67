using Hotswap.Contracts.Rollouts;
using static Hotswap.InferenceHost.Tests.Swapping.WorkerHarness;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>
/// Requests to converge that arrive during a pass are served together by the next one, aimed at the latest: the last
/// request wins, whether it changes the served version, the candidate, or both.
/// </summary>
public sealed class ModelWorkerMailboxTests
{
    [Fact]
    public async Task Targets_sent_while_a_load_is_in_flight_end_on_the_last_one_and_those_between_are_never_loaded()
    {
        await using var h = new WorkerHarness();
        await h.ConvergeAsync(Entry("1"));
        var hold = await h.InFlightAsync(Entry("2"), held: "2");

        Task[] between = [h.Start(Entry("3")), h.Start(Entry("4"))];
        var last = h.Start(Entry("5"));
        hold.SetResult();
        await Within(last);

        Assert.Equal("5", h.Served);
        Assert.Equal(["1", "2", "5"], h.Loader.Fetches);
        Assert.True(between.All(t => t.IsCompleted), "the callers between are released by the pass that served the last");
    }

    [Fact]
    public async Task A_new_served_version_sent_while_a_candidate_loads_is_swapped_to_and_the_candidate_stays()
    {
        await using var h = new WorkerHarness();
        await h.ConvergeAsync(Entry("1"));
        var hold = await h.InFlightAsync(Entry("1", candidate: "3"), held: "3");

        var swap = h.Start(Entry("2", candidate: "3"));
        hold.SetResult();
        await Within(swap);

        Assert.Equal("2", h.Served);
        Assert.Equal("3", h.Worker.Rollout.Loaded.Candidate?.Version.Version);
        Assert.Equal(CandidateState.Ready, h.Worker.Rollout.Candidate.State);
        Assert.Equal(RolloutPhase.Shadow, h.Worker.Rollout.Route.Phase);
        Assert.Equal(1, h.Loader.LoadsOf("3"));
    }

    [Fact]
    public async Task A_rollout_started_while_a_swap_loads_gets_its_candidate_loaded_beside_the_new_version()
    {
        await using var h = new WorkerHarness();
        await h.ConvergeAsync(Entry("1"));
        var hold = await h.InFlightAsync(Entry("2"), held: "2");

        var rollout = h.Start(Entry("2", candidate: "3", mode: RolloutMode.Canary));
        hold.SetResult();
        await Within(rollout);

        Assert.Equal("2", h.Served);
        Assert.Equal("3", h.Worker.Rollout.Loaded.Candidate?.Version.Version);
        Assert.Equal(RolloutPhase.Canary, h.Slot.Rollout?.Phase);
        Assert.Equal(10, h.Slot.Rollout?.Weight);
        Assert.Equal("1", h.Worker.Rollout.Loaded.Previous?.Version.Version);
    }

    [Fact]
    public async Task A_rollout_aborted_while_its_candidate_loads_leaves_nothing_loaded_beside_the_served_version()
    {
        await using var h = new WorkerHarness();
        await h.ConvergeAsync(Entry("1"));
        var hold = await h.InFlightAsync(Entry("1", candidate: "2"), held: "2");

        var abort = h.Start(Entry("1"));
        hold.SetResult();
        await Within(abort);

        Assert.Null(h.Worker.Rollout.Loaded.Candidate);
        Assert.Null(h.Worker.Rollout.Candidate.Desired);
        Assert.Equal(RolloutPhase.Steady, h.Worker.Rollout.Route.Phase);
        Assert.Null(h.Slot.Rollout);
    }

    [Fact]
    public async Task Promoting_a_loaded_candidate_serves_it_without_loading_it_again()
    {
        await using var h = new WorkerHarness();
        await h.ConvergeAsync(Entry("1", candidate: "2"));
        var candidate = h.Worker.Rollout.Loaded.Candidate;

        await h.ConvergeAsync(Entry("2"));

        Assert.NotNull(candidate);
        Assert.Same(candidate, h.Slot.Current);
        Assert.Equal(1, h.Loader.LoadsOf("2"));
        Assert.Equal(RolloutPhase.AfterSwap, h.Worker.Rollout.Route.Phase);
    }
}
