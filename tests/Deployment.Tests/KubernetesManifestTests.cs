namespace Hotswap.Deployment.Tests;

/// <summary>deploy/k8s against the Kubernetes API's schemas (npm kubernetes-models, offline), and what they promise.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly string[] Files = Directory.GetFiles(Path.Combine(Hotswap.Testing.RepositoryRoot.Path, "deploy", "k8s"), "*.yaml").Order().ToArray();
    private static readonly IReadOnlyList<YamlTree> Objects = [.. Files.SelectMany(f => YamlTree.ParseAll(File.ReadAllText(f), Path.GetFileName(f)))];

    [Fact]
    public async Task Every_object_validates_against_the_kubernetes_api_schemas()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "validate-k8s.mjs");

        var run = await ToolRun.RunAsync("node", [script, .. Files], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, $"The manifests do not validate: {run.Output}");
        Assert.Equal(Objects.Count, run.Output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_manifests_hold_the_hosts_the_dashboard_their_services_and_the_store_settings()
    {
        Assert.Equal(
            ["ConfigMap/hotswap-store", "Deployment/hotswap-dashboard", "Deployment/hotswap-host", "PersistentVolumeClaim/hotswap-dashboard-data", "Secret/hotswap-secrets", "Service/hotswap-dashboard", "Service/hotswap-host"],
            Objects.Select(o => $"{o["kind"].Text}/{o["metadata"]["name"].Text}").Order());
        Assert.All(Objects, o => Assert.Null(o["metadata"].TryGet("namespace")));
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
        var pod = Deployment("hotswap-host")["spec"]["template"]["spec"];
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
        Assert.All(["ModelStore__AccessKeyId", "ModelStore__SecretAccessKey", "Control__Token", "Control__Operators__0__TokenHash"],
            name => Assert.Equal("hotswap-secrets", Env(container, name)["valueFrom"]["secretKeyRef"]["name"].Text));
    }

    [Fact]
    public void The_dashboard_acts_with_its_own_token_which_hosts_know_by_its_hash_as_an_operator_that_acts_for_others()
    {
        var host = HostContainer();
        var dashboard = Deployment("hotswap-dashboard")["spec"]["template"]["spec"]["containers"][0];

        Assert.Equal("dashboard-token", Env(dashboard, "Dashboard__OperatorToken")["valueFrom"]["secretKeyRef"]["key"].Text);
        Assert.Equal("dashboard-token-hash", Env(host, "Control__Operators__0__TokenHash")["valueFrom"]["secretKeyRef"]["key"].Text);
        Assert.Equal(("dashboard", "operator", "true"), (Env(host, "Control__Operators__0__Name")["value"].Text, Env(host, "Control__Operators__0__Role")["value"].Text, Env(host, "Control__Operators__0__ActsForOthers")["value"].Text));
    }

    [Fact]
    public void Every_secret_key_a_deployment_names_exists_in_the_secret()
    {
        var keys = Objects.Single(o => o["kind"].Text == "Secret")["stringData"].Keys.ToHashSet();
        var referenced = Objects.Where(o => o["kind"].Text == "Deployment")
            .SelectMany(d => d["spec"]["template"]["spec"]["containers"].Items)
            .SelectMany(c => c.TryGet("env")?.Items ?? [])
            .Select(e => e.TryGet("valueFrom")?.TryGet("secretKeyRef")?["key"].Text)
            .OfType<string>();

        Assert.All(referenced, key => Assert.Contains(key, keys));
    }

    [Fact]
    public void The_dashboard_keeps_its_database_on_a_persistent_volume_claim_of_the_manifests()
    {
        var pod = Deployment("hotswap-dashboard")["spec"]["template"]["spec"];
        var databasePath = Env(pod["containers"][0], "Dashboard__DatabasePath")["value"].Text;
        var mount = pod["containers"][0]["volumeMounts"].Items.Single(m => databasePath.StartsWith(m["mountPath"].Text + "/", StringComparison.Ordinal));
        var volume = pod["volumes"].Items.Single(v => v["name"].Text == mount["name"].Text);
        var claim = volume["persistentVolumeClaim"]["claimName"].Text;

        Assert.Contains(Objects, o => o["kind"].Text == "PersistentVolumeClaim" && o["metadata"]["name"].Text == claim);
        Assert.Null(volume.TryGet("emptyDir"));
    }

    private static YamlTree Deployment(string name) =>
        Objects.Single(o => o["kind"].Text == "Deployment" && o["metadata"]["name"].Text == name);

    private static YamlTree HostContainer() => Deployment("hotswap-host")["spec"]["template"]["spec"]["containers"][0];

    private static YamlTree Env(YamlTree container, string name) => container["env"].Items.Single(e => e["name"].Text == name);
}
