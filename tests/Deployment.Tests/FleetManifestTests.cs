using static Hotswap.Deployment.Tests.Manifests;

namespace Hotswap.Deployment.Tests;

/// <summary>In Kubernetes every host pod announces itself to the dashboard, named by the downward API: no per-pod configuration.</summary>
public sealed class FleetManifestTests
{
    [Fact]
    public void Every_host_pod_announces_itself_to_the_dashboard_service()
    {
        var url = new Uri(Env(HostContainer(), "Fleet__DashboardUrl")["value"].Text);
        var service = Object("Service", "hotswap-dashboard");
        var port = service["spec"]["ports"].Items.Single();

        Assert.Equal((service["metadata"]["name"].Text, int.Parse(port["port"].Text)), (url.Host, url.Port));
        Assert.Contains(DashboardContainer()["ports"].Items, p => p["name"].Text == port["targetPort"].Text);
    }

    [Fact]
    public void A_host_pod_takes_its_host_id_name_and_namespace_from_the_downward_api()
    {
        var container = HostContainer();

        Assert.Equal(
            ["metadata.name", "metadata.name", "metadata.namespace"],
            new[] { "Swap__HostId", "POD_NAME", "POD_NAMESPACE" }.Select(name => Env(container, name)["valueFrom"]["fieldRef"]["fieldPath"].Text));
    }

    [Fact]
    public void A_host_pod_advertises_its_own_address_from_a_variable_declared_before_it()
    {
        var env = HostContainer()["env"].Items.Select(e => e["name"].Text).ToList();
        var baseUrl = Env(HostContainer(), "Fleet__BaseUrl")["value"].Text;
        var port = HostContainer()["ports"].Items.Single(p => p["name"].Text == "http")["containerPort"].Text;

        Assert.Equal($"http://$(POD_IP):{port}", baseUrl);
        Assert.Equal("status.podIP", Env(HostContainer(), "POD_IP")["valueFrom"]["fieldRef"]["fieldPath"].Text);
        Assert.True(env.IndexOf("POD_IP") < env.IndexOf("Fleet__BaseUrl"), "Kubernetes expands $(POD_IP) only if it is declared earlier.");
    }

    [Fact]
    public void Hosts_and_the_dashboard_share_a_fleet_token_apart_from_every_other_credential()
    {
        var hostKey = Env(HostContainer(), "Fleet__Token")["valueFrom"]["secretKeyRef"]["key"].Text;
        var otherKeys = new[] { HostContainer(), DashboardContainer() }
            .SelectMany(c => c["env"].Items)
            .Where(e => e["name"].Text != "Fleet__Token")
            .Select(e => e.TryGet("valueFrom")?.TryGet("secretKeyRef")?["key"].Text)
            .OfType<string>();

        Assert.Equal(hostKey, Env(DashboardContainer(), "Fleet__Token")["valueFrom"]["secretKeyRef"]["key"].Text);
        Assert.DoesNotContain(hostKey, otherKeys);
    }

    [Fact]
    public void The_dashboard_dials_no_host_and_waits_for_the_pods_to_announce_themselves()
    {
        var names = DashboardContainer()["env"].Items.Select(e => e["name"].Text);

        Assert.DoesNotContain(names, n => n.StartsWith("Dashboard__Hosts__", StringComparison.Ordinal) || n.StartsWith("Dashboard__PolledHosts__", StringComparison.Ordinal));
    }

    [Fact]
    public void Scripts_read_the_fleet_from_the_dashboard_with_an_api_token_from_the_secret()
    {
        var reference = Env(DashboardContainer(), "Dashboard__ApiTokens__0")["valueFrom"]["secretKeyRef"];

        Assert.Contains(reference["key"].Text, SecretKeys);
    }
}
