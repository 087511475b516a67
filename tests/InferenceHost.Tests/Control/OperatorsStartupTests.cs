using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>The host as operators start it: a wrong <c>Control:Operators</c> stops it before it serves, naming every problem.</summary>
public sealed class OperatorsStartupTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task A_host_whose_operators_are_misconfigured_exits_naming_every_problem()
    {
        var store = new ModelStoreScenario(s3.Server);
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Control:Operators:4:Name"] = "Alice",
            ["Control:Operators:4:TokenHash"] = "0123",
            ["Control:Operators:4:Role"] = "admin",
        };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => InferenceHostProcess.StartAsync(store, settings));

        Assert.Contains("Control:Operators:0 (alice) and Control:Operators:4 (Alice) share the name 'alice'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Control:Operators:4 (Alice) TokenHash is not 64 hexadecimal digits", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Control:Operators:4 (Alice) Role is 'admin'; use 'operator' or 'viewer'.", refused.Message, StringComparison.Ordinal);
    }
}
