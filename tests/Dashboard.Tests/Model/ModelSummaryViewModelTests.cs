using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Tests.Model;

public sealed class ModelSummaryViewModelTests
{
    [Fact]
    public void Hosts_are_counted_per_served_version_with_the_desired_version_first()
    {
        var summary = Summarize(
            Samples.Announced("pod-a", Samples.Serving("iris_model", "1", desired: "2")),
            Samples.Announced("pod-b", Samples.Serving("iris_model", "2")),
            Samples.Announced("pod-c", Samples.Serving("iris_model", "2")));

        Assert.Equal("2", summary.DesiredVersion);
        Assert.Equal([new VersionShare("2", 2, IsDesired: true, IsCandidate: false), new VersionShare("1", 1, IsDesired: false, IsCandidate: false)], summary.Versions);
        Assert.Equal(1, summary.OffDesired);
    }

    [Fact]
    public void Hosts_in_error_stale_or_unreachable_are_counted_apart_with_the_first_error()
    {
        var summary = Summarize(
            Samples.Announced("pod-a", Samples.Failing("iris_model", "1", "2", "version 2 does not load")),
            Samples.Announced("pod-b", Samples.Serving("iris_model", "2")) with { Stale = true, Connection = HostConnectionState.Unreachable },
            Samples.Announced("pod-c", Samples.Serving("iris_model", "2")) with { Connection = HostConnectionState.Reconnecting });

        Assert.Equal((1, 1, 1), (summary.InError, summary.Stale, summary.Unreachable));
        Assert.Equal("pod-a: version 2 does not load", summary.FirstError);
    }

    private static ModelSummaryViewModel Summarize(params HostState[] hosts) => Assert.Single(FleetViewModel.Build([.. hosts]).Models);
}
