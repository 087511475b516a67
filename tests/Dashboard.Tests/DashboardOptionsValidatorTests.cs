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

        var result = new DashboardOptionsValidator().Validate(null, options);

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
    public void No_host_at_all_is_a_problem()
    {
        Assert.Contains("Dashboard:Hosts needs at least one host URL.", new DashboardOptionsValidator().Validate(null, new DashboardOptions()).Failures!);
    }

    [Fact]
    public void Polled_hosts_alone_are_a_fleet()
    {
        var options = new DashboardOptions { PolledHosts = ["https://abc.lambda-url.eu-west-1.on.aws"] };

        Assert.True(new DashboardOptionsValidator().Validate(null, options).Succeeded);
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
            new DashboardOptionsValidator().Validate(null, options).Failures);
    }
}
