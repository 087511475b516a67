using System.Security.Claims;
using Hotswap.Contracts.Control;
using Hotswap.InferenceHost.Configuration;
using Microsoft.AspNetCore.Authorization;

namespace Hotswap.InferenceHost.Control;

/// <summary>What a control command asks of authenticated credentials: the operator role, and the right to act for the person they name.</summary>
public sealed class OperatorRequirement : IAuthorizationRequirement;

/// <summary>
/// Fails <see cref="OperatorRequirement"/> with a reason an operator can act on. Only credentials allowed to act for
/// others may name a person: otherwise one token holder could act as <c>operator:alice</c> and <c>operator:bob</c>
/// and approve their own rollout.
/// </summary>
public sealed class OperatorRequirementHandler : AuthorizationHandler<OperatorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        if (context.User.Identity is not { IsAuthenticated: true, Name: { } name })
        {
            return Task.CompletedTask;
        }

        var refusal = Refusal(context.User, name);
        if (refusal is null)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, refusal));
        }

        return Task.CompletedTask;
    }

    private static string? Refusal(ClaimsPrincipal user, string name)
    {
        if (!user.IsInRole(OperatorOptions.OperatorRole))
        {
            return $"'{name}' is a {user.FindFirst(ClaimTypes.Role)?.Value} and may run no control command; it needs the role '{OperatorOptions.OperatorRole}' in Control:Operators.";
        }

        if (user.FindFirst(ControlClaims.OnBehalfOf)?.Value is not { } person)
        {
            return null;
        }

        if (!user.HasClaim(ControlClaims.ActsForOthers, "true"))
        {
            return $"'{name}' sent the {ControlHeaders.OnBehalfOf} header but may not act for others (Control:Operators: ActsForOthers); send the command with your own token and no such header.";
        }

        return OperatorNames.IsWellFormed(person)
            ? null
            : $"The {ControlHeaders.OnBehalfOf} header does not hold one well-formed name ({OperatorNames.Rule}).";
    }
}
