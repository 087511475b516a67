using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Tests.Serving;
using Hotswap.Onnx;
using Microsoft.AspNetCore.Http;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>The router's decisions, as the pure function they are: no host, no store, two loaded versions.</summary>
public sealed class RolloutRouterTests : IDisposable
{
    private const string Sticky = "X-Caller";
    private readonly ServedModel _served = InProcessPrediction.Load(GeneratedModel.Linear([1f, 1f, 1f], 0f).ToOnnx(), "1");
    private readonly ServedModel _other = InProcessPrediction.Load(GeneratedModel.Linear([1f, 1f, 1f], 1f).ToOnnx(), "2");

    [Fact]
    public void A_shadow_request_is_answered_by_the_served_version_and_copied_to_the_candidate()
    {
        var route = Route(RolloutPhase.Shadow, weight: 0, mirrors: true);

        Assert.Equal(new RolloutRoute(_served, StandIn: null, CopyTo: _other, Guarded: _other), route);
    }

    [Fact]
    public void A_canary_request_goes_to_the_candidate_with_the_served_version_standing_in_and_compared()
    {
        var route = Route(RolloutPhase.Canary, weight: 100, mirrors: true);

        Assert.Equal(new RolloutRoute(_other, StandIn: _served, CopyTo: _served, Guarded: _other), route);
    }

    [Fact]
    public void A_canary_request_the_served_version_answers_is_neither_stood_in_for_nor_copied()
    {
        var route = Route(RolloutPhase.Canary, weight: 0, mirrors: true);

        Assert.Equal(new RolloutRoute(_served, StandIn: null, CopyTo: null, Guarded: _other), route);
    }

    [Fact]
    public void After_a_swap_the_previous_version_stands_in_for_the_new_one_which_is_guarded()
    {
        var route = Route(RolloutPhase.AfterSwap, weight: 0, mirrors: false);

        Assert.Equal(new RolloutRoute(_served, StandIn: _other, CopyTo: null, Guarded: _served), route);
    }

    [Fact]
    public void A_canary_routes_a_sticky_caller_by_the_stable_bucket_of_its_key()
    {
        var keys = Enumerable.Range(0, 200).Select(i => $"caller-{i}").ToList();
        var rollout = new SlotRollout(_other, RolloutPhase.Canary, 30, mirrors: false, Sticky);

        var onCandidate = keys.Where(key => RolloutRouter.Route(_served, rollout, new HeaderDictionary { [Sticky] = key }).First == _other);

        Assert.Equal(keys.Where(key => RolloutRouter.StableBucket(key) < 30), onCandidate);
    }

    public void Dispose()
    {
        _served.Retire();
        _other.Retire();
    }

    private RolloutRoute Route(RolloutPhase phase, int weight, bool mirrors) =>
        RolloutRouter.Route(_served, new SlotRollout(_other, phase, weight, mirrors, Sticky), new HeaderDictionary());
}
