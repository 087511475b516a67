using System.Security.Claims;

namespace Hotswap.InferenceHost.Control;

/// <summary>
/// Who a control command is recorded under: the operator the request authenticated as, never a name the request body
/// gives, so one token holder cannot act under two names.
/// </summary>
public static class ControlActor
{
    public static string Of(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? name
            : throw new InvalidOperationException("A control command ran without an authenticated operator; the Operator policy must guard every control route and hub method.");
}
