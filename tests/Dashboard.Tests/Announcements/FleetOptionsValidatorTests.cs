using Hotswap.Dashboard.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Hotswap.Dashboard.Tests.Announcements;

public sealed class FleetOptionsValidatorTests
{
    [Fact]
    public void Every_problem_of_the_fleet_section_is_reported_at_once()
    {
        var options = new FleetOptions { Token = "short", StaleAfter = TimeSpan.Zero, ForgetAfter = TimeSpan.Zero };

        var failures = Validator(Environments.Production).Validate(null, options).Failures!.ToList();

        Assert.Equal(3, failures.Count);
        Assert.StartsWith("Fleet:Token is 5 characters long", failures[0], StringComparison.Ordinal);
        Assert.Equal("Fleet:StaleAfter is 00:00:00; it must be positive.", failures[1]);
        Assert.Equal("Fleet:ForgetAfter is 00:00:00; it must be longer than Fleet:StaleAfter (00:00:00).", failures[2]);
    }

    [Fact]
    public void Without_a_token_the_fleet_section_is_valid_and_no_host_can_announce_itself()
    {
        Assert.True(Validator(Environments.Production).Validate(null, new FleetOptions()).Succeeded);
    }

    private static FleetOptionsValidator Validator(string environment) => new(new HostingEnvironment { EnvironmentName = environment });
}
