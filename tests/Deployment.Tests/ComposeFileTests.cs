namespace Hotswap.Deployment.Tests;

/// <summary>docker-compose.yml as Debian's docker-compose 1.29 resolves it (<c>config</c> needs no Docker engine).</summary>
public sealed class ComposeFileTests
{
    private static readonly Lazy<Task<YamlTree>> Resolved = new(ResolveAsync);

    [Fact]
    public async Task Config_resolves_the_store_the_init_steps_two_hosts_and_the_dashboard()
    {
        var services = (await Resolved.Value)["services"];

        Assert.Equal(["create-bucket", "dashboard", "host-1", "host-2", "minio", "publish"], services.Keys.Order());
    }

    [Theory]
    [InlineData("host-1")]
    [InlineData("host-2")]
    public async Task Each_host_checks_its_health_on_readyz_and_starts_after_the_first_publish(string host)
    {
        var service = (await Resolved.Value)["services"][host];

        Assert.Contains("http://127.0.0.1:8080/readyz", service["healthcheck"]["test"].Items.Select(i => i.Text));
        Assert.Equal("service_completed_successfully", service["depends_on"]["publish"]["condition"].Text);
        Assert.Equal(host, service["environment"]["Swap__HostId"].Text);
    }

    [Fact]
    public async Task The_init_creates_the_bucket_once_minio_is_healthy_and_then_publishes()
    {
        var services = (await Resolved.Value)["services"];

        Assert.Equal("service_healthy", services["create-bucket"]["depends_on"]["minio"]["condition"].Text);
        Assert.Equal("service_completed_successfully", services["publish"]["depends_on"]["create-bucket"]["condition"].Text);
        Assert.Equal(["train", "--model", "iris_model"], services["publish"]["command"].Items.Take(3).Select(i => i.Text));
    }

    [Fact]
    public async Task The_dashboard_dials_no_host_and_starts_beside_them_after_the_first_publish()
    {
        var dashboard = (await Resolved.Value)["services"]["dashboard"];

        Assert.DoesNotContain(dashboard["environment"].Keys, k => k.StartsWith("Dashboard__Hosts__", StringComparison.Ordinal));
        Assert.Equal(["publish"], dashboard["depends_on"].Keys);
        Assert.Equal("service_completed_successfully", dashboard["depends_on"]["publish"]["condition"].Text);
    }

    [Theory]
    [InlineData("host-1")]
    [InlineData("host-2")]
    public async Task Each_host_announces_itself_to_the_dashboard_with_the_fleet_token_and_its_own_address(string name)
    {
        var services = (await Resolved.Value)["services"];
        var host = services[name]["environment"];
        var url = new Uri(host["Fleet__DashboardUrl"].Text);

        Assert.Equal(("dashboard", ContainerPort(services["dashboard"])), (url.Host, url.Port));
        Assert.Equal($"http://{name}:{ContainerPort(services[name])}", host["Fleet__BaseUrl"].Text);
        Assert.Equal(services["dashboard"]["environment"]["Fleet__Token"].Text, host["Fleet__Token"].Text);
    }

    [Fact]
    public async Task The_fleet_token_is_a_credential_of_its_own()
    {
        var services = (await Resolved.Value)["services"];
        var fleetToken = services["dashboard"]["environment"]["Fleet__Token"].Text;
        var others = new[] { "Dashboard__OperatorToken", "Dashboard__ApiTokens__0" }.Select(k => services["dashboard"]["environment"][k].Text)
            .Concat(new[] { "host-1", "host-2" }.Select(h => services[h]["environment"]["Control__Token"].Text));

        Assert.DoesNotContain(fleetToken, others);
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("host-1")]
    [InlineData("host-2")]
    [InlineData("dashboard")]
    public async Task Every_part_reaches_minio_through_environment_variables_only(string name)
    {
        var service = (await Resolved.Value)["services"][name];

        Assert.Equal("s3://models/hotswap", service["environment"]["ModelStore__Uri"].Text);
        Assert.Equal("http://minio:9000", service["environment"]["ModelStore__ServiceUrl"].Text);
        Assert.Equal((await Resolved.Value)["services"]["minio"]["environment"]["MINIO_ROOT_PASSWORD"].Text, service["environment"]["ModelStore__SecretAccessKey"].Text);
        Assert.Null(service.TryGet("env_file"));
        Assert.All(service.TryGet("volumes")?.Items ?? [], v => Assert.DoesNotContain("/", v.Text.Split(':')[0]));
    }

    [Fact]
    public async Task The_operator_password_hash_reaches_the_dashboard_with_single_dollar_signs()
    {
        var hash = (await Resolved.Value)["services"]["dashboard"]["environment"]["Dashboard__Operators__0__PasswordHash"].Text;

        // config writes a literal $ as $$ again, so a value that was wrongly doubled in the file shows as $$$$.
        Assert.Equal("pbkdf2-sha256$$100000$$ZoNSpadrmUcW/GX6v9Lo6g==$$KZRoID4WQRelYUtHSP2tL15liSsMJKQNgO3gsVQ8oSc=", hash);
    }

    [Theory]
    [InlineData("host-1")]
    [InlineData("host-2")]
    [InlineData("dashboard")]
    public async Task The_demo_operator_token_runs_only_in_development_as_production_refuses_it(string name)
    {
        var environment = (await Resolved.Value)["services"][name]["environment"];

        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"].Text);
        Assert.Equal(name == "dashboard" ? "local-dashboard-token" : "local-operator-token", environment[name == "dashboard" ? "Dashboard__OperatorToken" : "Control__Token"].Text);
    }

    [Theory]
    [InlineData("host-1")]
    [InlineData("host-2")]
    public async Task Hosts_know_the_dashboard_by_the_hash_of_its_own_token_as_an_operator_that_acts_for_others(string name)
    {
        var services = (await Resolved.Value)["services"];
        var host = services[name]["environment"];
        var dashboardToken = services["dashboard"]["environment"]["Dashboard__OperatorToken"].Text;

        Assert.Equal(
            ("dashboard", Convert.ToHexStringLower(Hotswap.ServiceDefaults.OperatorTokenHash.Of(dashboardToken)), "operator", "true"),
            (host["Control__Operators__0__Name"].Text, host["Control__Operators__0__TokenHash"].Text, host["Control__Operators__0__Role"].Text, host["Control__Operators__0__ActsForOthers"].Text));
        Assert.NotEqual(host["Control__Token"].Text, dashboardToken);
    }

    [Fact]
    public async Task The_dashboard_and_the_publisher_read_mlflow_from_the_environment_and_no_host_does()
    {
        var services = (await Resolved.Value)["services"];

        Assert.All(["dashboard", "publish"], name => Assert.NotNull(services[name]["environment"].TryGet("MLflow__TrackingUri")));
        Assert.NotNull(services["dashboard"]["environment"].TryGet("MLflow__WebhookSecret"));
        Assert.All(["host-1", "host-2"], name => Assert.DoesNotContain(services[name]["environment"].Keys, key => key.StartsWith("MLflow__", StringComparison.Ordinal)));
    }

    /// <summary>The port a service listens on inside its container, as its published port maps it (127.0.0.1:5090:8080/tcp).</summary>
    private static int ContainerPort(YamlTree service) => int.Parse(service["ports"][0].Text.Split(':')[^1].Split('/')[0]);

    private static async Task<YamlTree> ResolveAsync()
    {
        // The defaults of the file, not whatever this machine's environment would substitute.
        var clean = new Dictionary<string, string?> { ["MINIO_ROOT_USER"] = null, ["MINIO_ROOT_PASSWORD"] = null, ["OPERATOR_TOKEN"] = null, ["DASHBOARD_TOKEN"] = null, ["DASHBOARD_TOKEN_HASH"] = null, ["HOTSWAP_ENVIRONMENT"] = null, ["FLEET_TOKEN"] = null, ["DASHBOARD_API_TOKEN"] = null };
        var run = await ToolRun.RunAsync("docker-compose", ["-f", "docker-compose.yml", "config"], TimeSpan.FromSeconds(60), clean);
        Assert.True(run.ExitCode == 0, $"docker-compose config failed ({run.ExitCode}): {run.Output}");
        return YamlTree.Parse(run.Output, "docker-compose config");
    }
}
