using Hotswap.Dashboard.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Hotswap.Dashboard.Tests;

public sealed class DashboardOptionsValidatorTests
{
    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new DashboardOptions
        {
            Hosts = ["ftp://host", "http://a:1", "http://a:1/"],
            Operators = [new OperatorAccount { Name = "alice", PasswordHash = "plain", Role = "admin" }],
            FeedCapacity = 1,
        };

        var result = Validator(Environments.Production).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Dashboard:Hosts entry 'ftp://host' is not an absolute http(s) URL.",
                "Dashboard:Hosts lists 'http://a:1' more than once.",
                "Dashboard:Operators:0 (alice) has no valid PasswordHash; make one with 'hash-password <password>'.",
                "Dashboard:Operators:0 (alice) has role 'admin'; use 'operator' or 'viewer'.",
                "Dashboard:FeedCapacity is 1; use 10 to 100000.",
            ],
            result.Failures);
    }

    [Fact]
    public void A_dashboard_without_a_host_list_is_valid_and_waits_for_hosts_to_announce_themselves()
    {
        Assert.True(Validator(Environments.Production).Validate(null, new DashboardOptions()).Succeeded);
    }

    [Fact]
    public void A_short_or_empty_api_token_is_a_problem_outside_development()
    {
        var failures = Validator(Environments.Production).Validate(null, new DashboardOptions { ApiTokens = ["short", " "] }).Failures!;

        Assert.Equal(2, failures.Count());
        Assert.StartsWith("Dashboard:ApiTokens:0 is 5 characters long", failures.First());
        Assert.Equal("Dashboard:ApiTokens:1 is empty.", failures.Last());
    }

    [Fact]
    public void Polled_hosts_alone_are_a_fleet()
    {
        var options = new DashboardOptions { PolledHosts = ["https://abc.lambda-url.eu-west-1.on.aws"] };

        Assert.True(Validator(Environments.Production).Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_polled_host_also_listed_as_a_hub_host_is_a_problem()
    {
        var options = new DashboardOptions { Hosts = ["http://a:1"], PolledHosts = ["http://a:1/", "ftp://lambda"] };

        Assert.Equal(
            [
                "Dashboard:PolledHosts entry 'ftp://lambda' is not an absolute http(s) URL.",
                "Dashboard:PolledHosts lists 'http://a:1' more than once, or also in Dashboard:Hosts.",
            ],
            Validator(Environments.Production).Validate(null, options).Failures);
    }

    [Theory]
    [InlineData("change-me")]
    [InlineData("local-operator-token")]
    [InlineData("short-but-not-a-demo")]
    public void In_production_a_short_or_demo_operator_token_is_a_problem_naming_the_key_and_the_rule(string token)
    {
        var options = new DashboardOptions { Hosts = ["http://a:1"], OperatorToken = token };

        var failure = Assert.Single(Validator(Environments.Production).Validate(null, options).Failures!);

        Assert.StartsWith("Dashboard:OperatorToken ", failure, StringComparison.Ordinal);
        Assert.Contains("at least 32 characters and not a demo value", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(token, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void In_development_the_demo_operator_token_is_accepted()
    {
        var options = new DashboardOptions { Hosts = ["http://a:1"], OperatorToken = "local-operator-token" };

        Assert.True(Validator(Environments.Development).Validate(null, options).Succeeded);
    }

    [Fact]
    public void In_production_a_long_random_operator_token_is_accepted()
    {
        var options = new DashboardOptions { Hosts = ["http://a:1"], OperatorToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) };

        Assert.True(Validator(Environments.Production).Validate(null, options).Succeeded);
    }

    private static DashboardOptionsValidator Validator(string environment) => new(new HostingEnvironment { EnvironmentName = environment });
}
