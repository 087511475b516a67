using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Hotswap.InferenceHost.Control;

/// <summary>
/// Answers a control route that the <see cref="OperatorRequirementHandler"/> refused with a 403 ProblemDetails naming
/// why (a viewer, or credentials naming a person they may not act for); every other result as ASP.NET Core would.
/// </summary>
public sealed class ControlRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Where(r => r.Handler is OperatorRequirementHandler).Select(r => r.Message).ToList();
        return authorizeResult.Forbidden && reasons is { Count: > 0 }
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Control command refused to these credentials", detail: string.Join(" ", reasons)).ExecuteAsync(context)
            : _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
