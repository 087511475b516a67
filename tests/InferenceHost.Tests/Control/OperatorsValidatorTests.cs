using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Control;
using Hotswap.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary><c>Control:Operators</c> and <c>Control:Token</c> as the host validates them at start-up.</summary>
public sealed class OperatorsValidatorTests
{
    private const string StrongToken = "0123456789abcdef0123456789abcdef-shared";

    [Fact]
    public void Named_operators_beside_the_shared_token_are_accepted_in_production()
    {
        var options = Options(StrongToken, Entry("alice", "alice-token"), Entry("bob", "bob-token"), Entry("carol", "carol-token", OperatorOptions.ViewerRole), Entry("dashboard", "dashboard-token", actsForOthers: true));

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Every_problem_of_every_operator_is_reported_at_once()
    {
        var options = Options(null,
            new OperatorOptions { Name = "alice smith", TokenHash = Hash("a"), Role = OperatorOptions.OperatorRole },
            new OperatorOptions { Name = "bob", TokenHash = "not-a-hash", Role = OperatorOptions.OperatorRole },
            new OperatorOptions { Name = "carol", TokenHash = Hash("c"), Role = "admin" },
            new OperatorOptions { Name = "dave:x", TokenHash = Hash("d")[..63], Role = null });

        var failures = Validate(options).Failures!.ToList();

        Assert.Equal(
            [
                "Control:Operators:0:Name 'alice smith' is not a name: use 1 to 48 letters, digits, '.', '_', '-' or '@'.",
                "Control:Operators:1 (bob) TokenHash is not 64 hexadecimal digits (the SHA-256 of the token); make a token and its hash with 'hotswap-publisher hash-token'.",
                "Control:Operators:2 (carol) Role is 'admin'; use 'operator' or 'viewer'.",
                "Control:Operators:3:Name 'dave:x' is not a name: use 1 to 48 letters, digits, '.', '_', '-' or '@'.",
                "Control:Operators:3 (dave:x) TokenHash is not 64 hexadecimal digits (the SHA-256 of the token); make a token and its hash with 'hotswap-publisher hash-token'.",
                "Control:Operators:3 (dave:x) Role is ''; use 'operator' or 'viewer'.",
            ],
            failures);
    }

    [Fact]
    public void Two_operators_whose_names_differ_only_in_case_are_refused()
    {
        var failure = Assert.Single(Validate(Options(null, Entry("alice", "one"), Entry("Alice", "two"))).Failures!);

        Assert.StartsWith("Control:Operators:0 (alice) and Control:Operators:1 (Alice) share the name 'alice'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_operator_named_like_the_shared_token_is_refused()
    {
        var failure = Assert.Single(Validate(Options(StrongToken, Entry("Operator", "own-token"))).Failures!);

        Assert.StartsWith("Control:Token and Control:Operators:0 (Operator) share the name 'operator'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_operators_holding_one_token_are_refused_whatever_the_case_of_their_hashes()
    {
        var shared = Entry("alice", "same-token");
        var twin = new OperatorOptions { Name = "bob", TokenHash = shared.TokenHash!.ToUpperInvariant(), Role = OperatorOptions.OperatorRole };

        var failure = Assert.Single(Validate(Options(null, shared, twin)).Failures!);

        Assert.Equal("Control:Operators:0 (alice) and Control:Operators:1 (bob) have the same token: every operator needs a token of their own (make one with 'hotswap-publisher hash-token').", failure);
    }

    [Fact]
    public void An_operator_holding_the_shared_token_is_refused()
    {
        var failure = Assert.Single(Validate(Options(StrongToken, Entry("alice", StrongToken))).Failures!);

        Assert.StartsWith("Control:Token and Control:Operators:0 (alice) have the same token", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local-dashboard-token")]
    [InlineData("change-me")]
    [InlineData("LOCAL-OPERATOR-TOKEN")]
    public void Outside_development_the_hash_of_a_demo_token_is_refused(string demo)
    {
        var failure = Assert.Single(Validate(Options(null, Entry("dashboard", demo))).Failures!);

        Assert.StartsWith("Control:Operators:0 (dashboard) TokenHash is the hash of a demo value of this repository", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void In_development_the_hash_of_a_demo_token_is_accepted()
    {
        Assert.True(Validate(Options(null, Entry("dashboard", "local-dashboard-token")), Environments.Development).Succeeded);
    }

    [Fact]
    public void Outside_development_a_short_shared_token_is_still_refused_beside_named_operators()
    {
        var failure = Assert.Single(Validate(Options("short", Entry("alice", "alice-token"))).Failures!);

        Assert.StartsWith("Control:Token is 5 characters long", failure, StringComparison.Ordinal);
    }

    private static ControlOptions Options(string? token, params OperatorOptions[] operators) => new() { Token = token, Operators = [.. operators] };

    private static OperatorOptions Entry(string name, string token, string role = OperatorOptions.OperatorRole, bool actsForOthers = false) =>
        new() { Name = name, TokenHash = Hash(token), Role = role, ActsForOthers = actsForOthers };

    private static string Hash(string token) => Convert.ToHexStringLower(OperatorTokenHash.Of(token));

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(ControlOptions options, string environment = "Production") =>
        new ControlOptionsValidator(new HostingEnvironment { EnvironmentName = environment }).Validate(null, options);
}
