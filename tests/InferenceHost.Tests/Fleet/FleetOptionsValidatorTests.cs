using Hotswap.InferenceHost.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace Hotswap.InferenceHost.Tests.Fleet;

/// <summary><c>Fleet:*</c> as the host validates it at start-up.</summary>
public sealed class FleetOptionsValidatorTests
{
    private static readonly FleetOptionsValidator Production = new(new HostingEnvironment { EnvironmentName = "Production" });

    [Fact]
    public void A_host_without_a_dashboard_needs_no_fleet_setting()
    {
        Assert.True(Production.Validate(null, new FleetOptions()).Succeeded);
    }

    [Fact]
    public void Every_problem_of_the_fleet_settings_is_reported_at_once()
    {
        var options = new FleetOptions { DashboardUrl = "hotswap-dashboard:8080", BaseUrl = "/relative", ReportTimeout = TimeSpan.Zero, ReconnectMaxDelay = TimeSpan.FromMilliseconds(10) };

        var failures = Production.Validate(null, options).Failures!;

        Assert.Equal(
            [
                "Fleet:DashboardUrl 'hotswap-dashboard:8080' is not an absolute http or https URL (e.g. http://hotswap-dashboard:8080).",
                "Fleet:Token is required with Fleet:DashboardUrl: the dashboard refuses hosts without its fleet token.",
                "Fleet:BaseUrl '/relative' is not an absolute http or https URL.",
                "Fleet:ReportTimeout must be positive (it is 00:00:00).",
                "Fleet:ReconnectMaxDelay must be at least a second (it is 00:00:00.0100000).",
            ],
            failures);
    }

    [Theory]
    [InlineData("local-fleet-token")]
    [InlineData("short")]
    public void Outside_development_a_demo_or_short_fleet_token_is_refused(string token)
    {
        var options = new FleetOptions { DashboardUrl = "http://hotswap-dashboard:8080", Token = token };

        var failure = Assert.Single(Production.Validate(null, options).Failures!);

        Assert.StartsWith("Fleet:Token ", failure);
    }

    [Fact]
    public void A_dashboard_under_a_path_keeps_its_path_in_the_hub_address()
    {
        var options = new FleetOptions { DashboardUrl = "https://ops.example.com/hotswap" };

        Assert.Equal(new Uri("https://ops.example.com/hotswap/hubs/fleet"), options.Endpoint("/hubs/fleet"));
    }
}
