using System.Security.Claims;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Control;

namespace Hotswap.InferenceHost.Tests.Control;

/// <summary>The actor a control command is recorded under, from the identity the control scheme builds.</summary>
public sealed class ControlActorTests
{
    [Fact]
    public void An_operator_is_recorded_under_the_name_it_authenticated_as()
    {
        Assert.Equal("alice", ControlActor.Of(User("alice")));
    }

    [Fact]
    public void Credentials_that_act_for_others_are_recorded_with_the_person_they_name()
    {
        Assert.Equal("dashboard:bob", ControlActor.Of(User("dashboard", actsForOthers: true, onBehalfOf: "bob")));
    }

    [Fact]
    public void Credentials_that_act_for_others_and_name_no_one_are_recorded_under_their_own_name()
    {
        Assert.Equal("dashboard", ControlActor.Of(User("dashboard", actsForOthers: true)));
    }

    [Fact]
    public void A_person_named_by_credentials_that_may_not_act_for_others_is_never_recorded()
    {
        Assert.Throws<InvalidOperationException>(() => ControlActor.Of(User("alice", onBehalfOf: "bob")));
    }

    [Fact]
    public void A_malformed_person_is_never_recorded()
    {
        Assert.Throws<InvalidOperationException>(() => ControlActor.Of(User("dashboard", actsForOthers: true, onBehalfOf: "bob:admin")));
    }

    [Fact]
    public void A_command_without_an_authenticated_operator_is_a_bug_not_an_anonymous_actor()
    {
        Assert.Throws<InvalidOperationException>(() => ControlActor.Of(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    private static ClaimsPrincipal User(string name, bool actsForOthers = false, string? onBehalfOf = null)
    {
        List<Claim> claims = [new(ClaimTypes.Name, name), new(ClaimTypes.Role, OperatorOptions.OperatorRole)];
        if (actsForOthers)
        {
            claims.Add(new Claim(ControlClaims.ActsForOthers, "true"));
        }

        if (onBehalfOf is not null)
        {
            claims.Add(new Claim(ControlClaims.OnBehalfOf, onBehalfOf));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ControlTokenHandler.SchemeName));
    }
}
