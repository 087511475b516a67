using Hotswap.InferenceHost.Observability;
using static Hotswap.Deployment.Tests.Manifests;

namespace Hotswap.Deployment.Tests;

/// <summary>What a Kubernetes user expects beside the hosts' Deployment: an autoscaler, a disruption budget, Prometheus scraping.</summary>
public sealed class HostScalingManifestTests
{
    private static YamlTree Autoscaler => Object("HorizontalPodAutoscaler", "hotswap-host")["spec"];

    [Fact]
    public void The_autoscaler_scales_the_host_deployment_on_the_cpu_its_pods_request()
    {
        var target = Autoscaler["scaleTargetRef"];
        var host = DeploymentNamed("hotswap-host");
        var cpu = Autoscaler["metrics"].Items.Single(m => m["type"].Text == "Resource")["resource"];

        Assert.Equal((host["apiVersion"].Text, host["kind"].Text, host["metadata"]["name"].Text), (target["apiVersion"].Text, target["kind"].Text, target["name"].Text));
        Assert.Equal(("cpu", "Utilization"), (cpu["name"].Text, cpu["target"]["type"].Text));
        Assert.NotNull(HostContainer()["resources"]["requests"].TryGet("cpu"));
    }

    [Fact]
    public void The_host_deployment_leaves_its_replica_count_to_the_autoscaler_which_keeps_at_least_two()
    {
        Assert.Null(DeploymentNamed("hotswap-host")["spec"].TryGet("replicas"));
        Assert.True(int.Parse(Autoscaler["minReplicas"].Text) >= 2, "One host alone has nobody to fail over to.");
        Assert.True(int.Parse(Autoscaler["maxReplicas"].Text) >= int.Parse(Autoscaler["minReplicas"].Text));
    }

    [Fact]
    public void A_node_drain_evicts_host_pods_fewer_at_a_time_than_the_autoscaler_keeps_and_no_dashboard_pod()
    {
        var budget = Object("PodDisruptionBudget", "hotswap-host")["spec"];

        Assert.True(Selects(budget["selector"], PodTemplate("hotswap-host")), "The budget does not select the host pods.");
        Assert.False(Selects(budget["selector"], PodTemplate("hotswap-dashboard")), "The budget also selects the dashboard.");
        Assert.True(int.Parse(budget["maxUnavailable"].Text) < int.Parse(Autoscaler["minReplicas"].Text), "A drain could take every host at once.");
    }

    [Fact]
    public void Prometheus_scrapes_each_host_pod_on_its_metrics_endpoint()
    {
        var annotations = PodTemplate("hotswap-host")["metadata"]["annotations"];
        var port = HostContainer()["ports"].Items.Single(p => p["name"].Text == "http")["containerPort"].Text;

        Assert.Equal(("true", port, ObservabilitySetup.MetricsPath),
            (annotations["prometheus.io/scrape"].Text, annotations["prometheus.io/port"].Text, annotations["prometheus.io/path"].Text));
    }
}
