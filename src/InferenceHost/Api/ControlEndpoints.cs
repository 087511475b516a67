using System.Security.Claims;
using Hotswap.Contracts.Control;
using Hotswap.InferenceHost.Control;
using Hotswap.InferenceHost.Serving;
using Hotswap.Registry.Commands;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotswap.InferenceHost.Api;

public static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control/models/{name}")
            .RequireAuthorization(ControlTokenHandler.OperatorPolicy)
            .WithTags("Control");
        foreach (var route in Routes)
        {
            // From a table the request delegate generator cannot see the handler (RDG002): these nine operator routes
            // are built at run time, when first routed to; the serving routes keep their build-time delegates.
#pragma warning disable RDG002
            control.MapPost(route.Pattern, route.Handler).WithName(route.Name).WithSummary(route.Summary);
#pragma warning restore RDG002
        }

        control.MapPost("/versions/{version}/invocations", TryVersionAsync)
            .WithName("TryVersion")
            .WithSummary("MLflow scoring protocol answered by the given version: the served one, or a trial loaded beside it (one per model, retired after 10 idle minutes).");
        return app;
    }

    private static async Task TryVersionAsync(HttpContext context, string name, string version, TrialVersions trials, PredictionHandler handler)
    {
        ModelLease lease;
        try
        {
            lease = await trials.LeaseAsync(name, version, context.RequestAborted);
        }
        catch (Exception e) when (ControlErrors.Classify(e) is { } problem)
        {
            await TypedResults.Problem(problem).ExecuteAsync(context);
            return;
        }

        using (lease)
        {
            await handler.HandleAsync(context, lease.Model);
        }
    }

    /// <summary>A desired-state command's route: its body becomes the command; the actor is the authenticated operator.</summary>
    private sealed record ControlRoute(string Pattern, string Name, string Summary, Delegate Handler);

    private static readonly ControlRoute[] Routes =
    [
        new("/refresh", "Refresh", "Read the desired state now and converge on it (force: skip the signature check).",
            (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new Refresh(name, request?.Reason), request?.Force ?? false, user, ct)),
        new("/pin", "Pin", "Hold every host on a version: later publishes do not advance it. Pinning the candidate is a promotion and follows the rollout policy.",
            (string name, PinRequest request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new PinVersion(name, request.Version, request.Reason), request.Force, user, ct)),
        new("/unpin", "Unpin", "Release the pin: every host follows the newest version.",
            (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new Unpin(name, request?.Reason), request?.Force ?? false, user, ct)),
        new("/rollback", "Rollback", "Go back to the version served before the current one, and pin it.",
            (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new Rollback(name, request?.Reason), request?.Force ?? false, user, ct)),
        new("/rollout", "StartRollout", "Put a version on trial beside the served one: in shadow (fed copies of requests) or as a canary answering weight percent of them.",
            (string name, StartRolloutRequest request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new StartRollout(name, request.Version, request.Mode, request.Weight, request.Guard, request.Reason), false, user, ct)),
        new("/rollout/weight", "SetRolloutWeight", "Change the percent of requests the canary answers.",
            (string name, RolloutWeightRequest request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new SetRolloutWeight(name, request.Weight, request.Reason), false, user, ct)),
        new("/rollout/approve", "ApproveRollout", "A second operator's approval of the candidate, which Rollout:RequireApproval needs before promotion.",
            (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new ApproveRollout(name, request?.Reason), false, user, ct)),
        new("/rollout/promote", "PromoteRollout", "Make the candidate the served version of every host, once the rollout policy (bake time, approval) allows it.",
            (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new PromoteRollout(name, request?.Reason), request?.Force ?? false, user, ct)),
        new("/rollout/abort", "AbortRollout", "End the trial: the candidate is unloaded everywhere and the served version answers everything.",
            (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new AbortRollout(name, request?.Reason), false, user, ct)),
    ];

    private static async Task<Results<Ok<ControlResult>, ProblemHttpResult>> Run(ControlCommands commands, DesiredStateCommand command, bool force, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await commands.RunAsync(command, force, ControlActor.Of(user), cancellationToken));
        }
        catch (Exception e) when (ControlErrors.Classify(e) is { } problem)
        {
            return TypedResults.Problem(problem);
        }
    }
}
