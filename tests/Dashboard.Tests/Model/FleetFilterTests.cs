using Hotswap.Dashboard.Model;

namespace Hotswap.Dashboard.Tests.Model;

public sealed class FleetFilterTests
{
    private static readonly FleetViewModel Fleet = FleetViewModel.Build([
        Samples.Announced("pod-a", Samples.Serving("iris_model", "2"), Samples.Serving("wine_model", "5")),
        Samples.Announced("pod-b", Samples.Serving("iris_model", "1", desired: "2")),
        Samples.Announced("pod-c", Samples.Failing("iris_model", "1", "2", "version 2: the ONNX file does not load")),
        Samples.Announced("pod-d", Samples.Serving("wine_model", "2")),
    ]);

    [Fact]
    public void A_model_and_version_keep_the_hosts_serving_that_version_of_that_model()
    {
        Assert.Equal(["pod-b", "pod-c"], Ids(new FleetFilter(Model: "iris_model", Version: "1")));
    }

    [Fact]
    public void A_version_without_a_model_keeps_the_hosts_serving_it_for_any_model()
    {
        Assert.Equal(["pod-a", "pod-d"], Ids(new FleetFilter(Version: "2")));
    }

    [Fact]
    public void A_model_alone_keeps_the_hosts_that_serve_it()
    {
        Assert.Equal(["pod-a", "pod-d"], Ids(new FleetFilter(Model: "wine_model")));
    }

    [Fact]
    public void A_condition_keeps_the_hosts_in_it()
    {
        Assert.Equal(["pod-c"], Ids(new FleetFilter(Condition: HostCondition.Error)));
        Assert.Equal(["pod-b"], Ids(new FleetFilter(Condition: HostCondition.Updating)));
    }

    [Theory]
    [InlineData("POD-B", "pod-b")]
    [InlineData("node-pod-d", "pod-d")]
    [InlineData("pod-a.hosts.prod:8080", "pod-a")]
    [InlineData("does not load", "pod-c")]
    public void Text_matches_the_host_id_its_node_its_url_or_its_error_in_any_case(string text, string host)
    {
        Assert.Equal([host], Ids(new FleetFilter(Text: text)));
    }

    [Fact]
    public void An_empty_filter_keeps_every_host()
    {
        Assert.Equal(4, new FleetFilter().Apply(Fleet.Hosts).Length);
    }

    private static string[] Ids(FleetFilter filter) => [.. filter.Apply(Fleet.Hosts).Select(h => h.Id)];
}
