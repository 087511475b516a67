using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Api;

/// <summary>The host as operators start it, in Production: a weak operator token stops it before it serves anything.</summary>
public sealed class OperatorTokenStartupTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Theory]
    [InlineData("change-me", "Control:Token is a demo value of this repository")]
    [InlineData("local-operator-token", "Control:Token is a demo value of this repository")]
    [InlineData("0123456789abcdef0123456789abcde", "Control:Token is 31 characters long")]
    public async Task A_host_started_in_production_with_a_demo_or_short_token_exits_naming_the_key_and_the_rule(string token, string problem)
    {
        var store = new ModelStoreScenario(s3.Server);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => InferenceHostProcess.StartAsync(store, Production(token)));

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
        Assert.Contains("at least 32 characters and not a demo value", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_started_in_production_with_a_strong_token_starts_and_accepts_it()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);

        await using var host = await InferenceHostProcess.StartAsync(store, Production(RunningHost.OperatorToken));
        await host.WaitUntilServingAsync("1");

        using var refresh = await host.Operator.PostAsync($"/control/models/{ModelStoreScenario.Model}/refresh", null);
        Assert.True(refresh.IsSuccessStatusCode, $"refresh answered {(int)refresh.StatusCode}");
    }

    private static Dictionary<string, string?> Production(string token) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Control:Token"] = token,
    };
}
