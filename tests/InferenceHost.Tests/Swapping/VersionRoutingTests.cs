using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Swapping;
using Hotswap.InferenceHost.Tests.Serving;
using Hotswap.Onnx;
using Hotswap.Registry.DesiredState;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>The one function that decides how requests meet a second version, and so which phase the guard judges.</summary>
public sealed class VersionRoutingTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hotswap-routing-{Guid.NewGuid():N}.onnx");
    private readonly ServedModel _served;
    private readonly ServedModel _other;

    public VersionRoutingTests()
    {
        File.WriteAllBytes(_path, GeneratedModel.Linear([1f, 1f, 1f], 0f).ToOnnx());
        _served = LoadedModels.Load(_path, "1");
        _other = LoadedModels.Load(_path, "2");
    }

    [Fact]
    public void A_loaded_canary_candidate_takes_its_weight_of_requests_and_mirrors_the_rest()
    {
        var route = VersionRouting.Route(Loaded(candidate: _other), new RolloutCandidate { Version = "2", Mode = RolloutMode.Canary, Weight = 25 }, new GuardOptions());

        Assert.Equal(RolloutPhase.Canary, route.Phase);
        Assert.Same(_other, route.Slot?.Other);
        Assert.Equal(25, route.Slot?.Weight);
        Assert.True(route.Slot?.Mirrors);
    }

    [Fact]
    public void A_candidate_no_longer_desired_gives_way_to_the_warm_previous_version()
    {
        var route = VersionRouting.Route(Loaded(candidate: _other, previous: _other), desired: null, new GuardOptions { MaxDrift = 0.1 });

        Assert.Equal(RolloutPhase.AfterSwap, route.Phase);
        Assert.Equal(0, route.Slot?.Weight);
        Assert.True(route.Slot?.Mirrors, "after a swap, requests are mirrored to the previous version when the guard compares outputs");
    }

    [Fact]
    public void Nothing_beside_the_served_version_is_the_steady_phase()
    {
        var route = VersionRouting.Route(Loaded(), new RolloutCandidate { Version = "2" }, new GuardOptions());

        Assert.Equal(RolloutPhase.Steady, route.Phase);
        Assert.Null(route.Slot);
    }

    public void Dispose()
    {
        _served.Retire();
        _other.Retire();
        File.Delete(_path);
    }

    private LoadedVersions Loaded(ServedModel? candidate = null, ServedModel? previous = null) =>
        LoadedVersions.None with { Served = _served, Candidate = candidate, Previous = previous };
}
