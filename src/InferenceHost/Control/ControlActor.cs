using System.Security.Claims;
using Hotswap.InferenceHost.Configuration;

namespace Hotswap.InferenceHost.Control;

/// <summary>
/// Who a control command is recorded under: the operator the request authenticated as, never a name the request body
/// gives, so one token holder cannot act under two names. Credentials that may act for others (the dashboard) and
/// name a person are recorded as <c>&lt;their name&gt;:&lt;person&gt;</c>, e.g. <c>dashboard:alice</c>.
/// </summary>
public static class ControlActor
{
    public static string Of(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            throw new InvalidOperationException("A control command ran without an authenticated operator; the Operator policy must guard every control route and hub method.");
        }

        if (user.FindFirst(ControlClaims.OnBehalfOf)?.Value is not { } person)
        {
            return name;
        }

        return user.HasClaim(ControlClaims.ActsForOthers, "true") && OperatorNames.IsWellFormed(person)
            ? $"{name}:{person}"
            : throw new InvalidOperationException($"A control command ran for '{name}' on behalf of another person it may not name; the Operator policy must guard every control route and hub method.");
    }
}
