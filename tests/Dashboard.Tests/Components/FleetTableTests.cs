using Bunit;
using Hotswap.Dashboard.Components.Controls;
using Hotswap.Dashboard.Model;
using Hotswap.Dashboard.ServiceClient;

namespace Hotswap.Dashboard.Tests.Components;

public sealed class FleetTableTests : DashboardTestContext
{
    [Fact]
    public void Each_host_shows_the_served_and_desired_version_of_each_model()
    {
        var hosts = HostViewModel.From([
            Samples.Host("http://127.0.0.1:5001", Samples.Serving("iris_model", "2")),
            Samples.Host("http://127.0.0.1:5002", Samples.Serving("iris_model", "1", desired: "2", pinned: true)),
        ]);

        var cut = Render<FleetTable>(p => p.Add(c => c.Hosts, hosts));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal("iris_model on http://127.0.0.1:5001", rows[0].GetAttribute("aria-label"));
        Assert.Equal("2", rows[0].QuerySelector("[data-column=served]")!.TextContent);
        Assert.Contains("latest", rows[0].TextContent);
        Assert.Equal("1", rows[1].QuerySelector("[data-column=served]")!.TextContent);
        Assert.Equal("2", rows[1].QuerySelector("[data-column=desired]")!.TextContent);
        Assert.Contains("pinned", rows[1].TextContent);
        Assert.Contains("Swapping", rows[1].TextContent);
    }

    [Fact]
    public void An_unreachable_host_says_so_with_the_error()
    {
        var down = new HostState("http://127.0.0.1:5003", HostConnectionState.Unreachable, Samples.At, null, "Connection refused (127.0.0.1:5003)");

        var cut = Render<FleetTable>(p => p.Add(c => c.Hosts, HostViewModel.From([down])));

        Assert.Contains("Unreachable", cut.Markup);
        Assert.Contains("Connection refused (127.0.0.1:5003)", cut.Markup);
        Assert.Contains("No status yet.", cut.Markup);
    }

    [Fact]
    public void A_polled_host_is_marked_as_polled_beside_its_models()
    {
        var lambda = Samples.Host("https://abc.lambda-url.eu-west-1.on.aws", Samples.Serving("iris_model", "3")) with { Kind = HostKind.Polled };

        var cut = Render<FleetTable>(p => p.Add(c => c.Hosts, HostViewModel.From([lambda, Samples.Host("http://127.0.0.1:5001")])));

        var cards = cut.FindAll("[aria-label^='Host ']");
        Assert.Contains("Polled", cards[0].TextContent);
        Assert.DoesNotContain("Polled", cards[1].TextContent);
        Assert.Equal("3", cut.Find("[data-column=served]").TextContent);
    }
}
