using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Control;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>Finding the holder of a presented token among the configured ones.</summary>
public sealed class KnownOperatorsTests
{
    // The SHA-256 of "abc" (FIPS 180-2's first example), in upper case: the format is the standard digest in hex.
    private const string AbcHash = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";

    [Fact]
    public void A_token_authenticates_as_the_operator_whose_hash_is_its_sha256_in_hex_of_either_case()
    {
        var found = Operators(null, new OperatorOptions { Name = "alice", TokenHash = AbcHash, Role = OperatorOptions.ViewerRole }).Authenticate("abc");

        Assert.NotNull(found);
        Assert.Equal(("alice", OperatorOptions.ViewerRole, false), (found.Name, found.Role, found.ActsForOthers));
    }

    [Fact]
    public void The_shared_token_authenticates_as_an_operator_named_operator_who_may_not_act_for_others()
    {
        var found = Operators("shared-token-of-the-fleet").Authenticate("shared-token-of-the-fleet");

        Assert.NotNull(found);
        Assert.Equal(("operator", OperatorOptions.OperatorRole, false), (found.Name, found.Role, found.ActsForOthers));
    }

    [Theory]
    [InlineData("abd")]
    [InlineData("ab")]
    [InlineData("abcabc")]
    public void A_token_that_matches_no_hash_authenticates_as_no_one(string token)
    {
        Assert.Null(Operators("shared", new OperatorOptions { Name = "alice", TokenHash = AbcHash, Role = OperatorOptions.OperatorRole }).Authenticate(token));
    }

    private static KnownOperators Operators(string? token, params OperatorOptions[] operators) =>
        new(Options.Create(new ControlOptions { Token = token, Operators = [.. operators] }));
}
