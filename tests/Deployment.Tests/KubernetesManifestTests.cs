using static Hotswap.Deployment.Tests.Manifests;

namespace Hotswap.Deployment.Tests;

/// <summary>deploy/k8s against the Kubernetes API's schemas (npm kubernetes-models, offline), and what they promise.</summary>
public sealed class KubernetesManifestTests
{
    [Fact]
    public async Task Every_object_validates_against_the_kubernetes_api_schemas()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "validate-k8s.mjs");

        var run = await ToolRun.RunAsync("node", [script, .. Files], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, $"The manifests do not validate: {run.Output}");
        Assert.Equal(Objects.Count, run.Output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_manifests_hold_the_namespace_the_hosts_with_their_autoscaler_and_budget_the_dashboard_their_services_and_the_store_settings()
    {
        Assert.Equal(
            ["ConfigMap/hotswap-store", "Deployment/hotswap-dashboard", "Deployment/hotswap-host", "HorizontalPodAutoscaler/hotswap-host", "Namespace/hotswap",
                "PersistentVolumeClaim/hotswap-dashboard-data", "PodDisruptionBudget/hotswap-host", "Service/hotswap-dashboard", "Service/hotswap-host"],
            Objects.Select(o => $"{o["kind"].Text}/{o["metadata"]["name"].Text}").Order());
        Assert.All(Objects, o => Assert.Null(o["metadata"].TryGet("namespace")));
    }

    [Theory]
    [InlineData("hotswap-host")]
    [InlineData("hotswap-dashboard")]
    public void Each_deployment_and_its_service_select_the_deployments_own_pods_only(string name)
    {
        var others = Objects.Where(o => o["kind"].Text == "Deployment" && o["metadata"]["name"].Text != name).Select(o => o["spec"]["template"]);

        Assert.True(Selects(DeploymentNamed(name)["spec"]["selector"], PodTemplate(name)), $"Deployment {name} does not select its own pods.");
        Assert.Equal(DeploymentNamed(name)["spec"]["selector"]["matchLabels"].Map, Object("Service", name)["spec"]["selector"].Map);
        Assert.All(others, other => Assert.False(Selects(DeploymentNamed(name)["spec"]["selector"], other), $"Deployment {name} also selects {other.Path}."));
    }

    [Fact]
    public void A_host_is_ready_on_readyz_and_alive_on_healthz()
    {
        var container = HostContainer();

        Assert.Equal("/readyz", container["readinessProbe"]["httpGet"]["path"].Text);
        Assert.Equal("/healthz", container["livenessProbe"]["httpGet"]["path"].Text);
    }

    [Fact]
    public void A_terminating_host_keeps_serving_through_prestop_and_drains_within_the_grace_period()
    {
        var pod = PodTemplate("hotswap-host")["spec"];
        var container = HostContainer();
        var preStop = container["lifecycle"]["preStop"]["exec"]["command"].Items.Select(i => i.Text).ToList();
        var drain = int.Parse(Env(container, "ShutdownTimeoutSeconds")["value"].Text);

        Assert.Equal("sleep", preStop[0]);
        Assert.True(int.Parse(pod["terminationGracePeriodSeconds"].Text) > int.Parse(preStop[1]) + drain, "The grace period must outlast preStop plus the host's drain.");
    }

    [Fact]
    public void Hosts_read_the_store_from_the_configmap_and_credentials_from_the_secret()
    {
        var container = HostContainer();

        Assert.Equal("hotswap-store", container["envFrom"][0]["configMapRef"]["name"].Text);
        Assert.All(["ModelStore__AccessKeyId", "ModelStore__SecretAccessKey", "Control__Token", "Control__Operators__0__TokenHash", "Fleet__Token"],
            name => Assert.Equal("hotswap-secrets", Env(container, name)["valueFrom"]["secretKeyRef"]["name"].Text));
    }

    [Fact]
    public void The_dashboard_acts_with_its_own_token_which_hosts_know_by_its_hash_as_an_operator_that_acts_for_others()
    {
        var host = HostContainer();
        var dashboard = DashboardContainer();

        Assert.Equal("dashboard-token", Env(dashboard, "Dashboard__OperatorToken")["valueFrom"]["secretKeyRef"]["key"].Text);
        Assert.Equal("dashboard-token-hash", Env(host, "Control__Operators__0__TokenHash")["valueFrom"]["secretKeyRef"]["key"].Text);
        Assert.Equal(("dashboard", "operator", "true"), (Env(host, "Control__Operators__0__Name")["value"].Text, Env(host, "Control__Operators__0__Role")["value"].Text, Env(host, "Control__Operators__0__ActsForOthers")["value"].Text));
    }

    [Fact]
    public void Every_secret_key_a_deployment_names_exists_in_the_generated_secret()
    {
        var referenced = Objects.Where(o => o["kind"].Text == "Deployment")
            .SelectMany(d => d["spec"]["template"]["spec"]["containers"].Items)
            .SelectMany(c => c.TryGet("env")?.Items ?? [])
            .Select(e => e.TryGet("valueFrom")?.TryGet("secretKeyRef"))
            .OfType<YamlTree>()
            .ToList();

        Assert.NotEmpty(referenced);
        Assert.All(referenced, reference => Assert.Equal(SecretGenerator["name"].Text, reference["name"].Text));
        Assert.All(referenced, reference => Assert.Contains(reference["key"].Text, SecretKeys));
    }

    [Fact]
    public void The_dashboard_keeps_its_database_on_a_persistent_volume_claim_of_the_manifests()
    {
        var pod = PodTemplate("hotswap-dashboard")["spec"];
        var databasePath = Env(pod["containers"][0], "Dashboard__DatabasePath")["value"].Text;
        var mount = pod["containers"][0]["volumeMounts"].Items.Single(m => databasePath.StartsWith(m["mountPath"].Text + "/", StringComparison.Ordinal));
        var volume = pod["volumes"].Items.Single(v => v["name"].Text == mount["name"].Text);
        var claim = volume["persistentVolumeClaim"]["claimName"].Text;

        Assert.Contains(Objects, o => o["kind"].Text == "PersistentVolumeClaim" && o["metadata"]["name"].Text == claim);
        Assert.Null(volume.TryGet("emptyDir"));
    }
}
