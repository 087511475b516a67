using System.Security.Claims;
using Hotswap.Contracts.Control;
using Hotswap.InferenceHost.Control;
using Hotswap.InferenceHost.Orchestration;
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
        // Each handler written at its MapPost, so the request delegate generator builds it at compile time (a table of
        // delegates would be compiled at run time, which Native AOT cannot do).
        control.MapPost("/refresh", (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new Refresh(name, request?.Reason), request?.Force ?? false, user, ct))
            .WithName("Refresh")
            .WithSummary("Read the desired state now and converge on it (force: skip the signature check).");
        control.MapPost("/pin", (string name, PinRequest request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new PinVersion(name, request.Version, request.Reason), request.Force, user, ct))
            .WithName("Pin")
            .WithSummary("Hold every host on a version: later publishes do not advance it. Pinning the candidate is a promotion and follows the rollout policy.");
        control.MapPost("/unpin", (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new Unpin(name, request?.Reason), request?.Force ?? false, user, ct))
            .WithName("Unpin")
            .WithSummary("Release the pin: every host follows the newest version.");
        control.MapPost("/rollback", (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new Rollback(name, request?.Reason), request?.Force ?? false, user, ct))
            .WithName("Rollback")
            .WithSummary("Go back to the version served before the current one, and pin it.");
        control.MapPost("/rollout", (string name, StartRolloutRequest request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new StartRollout(name, request.Version, request.Mode, request.Weight, request.Guard, request.Reason), false, user, ct))
            .WithName("StartRollout")
            .WithSummary("Put a version on trial beside the served one: in shadow (fed copies of requests) or as a canary answering weight percent of them.");
        control.MapPost("/rollout/weight", (string name, RolloutWeightRequest request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new SetRolloutWeight(name, request.Weight, request.Reason), false, user, ct))
            .WithName("SetRolloutWeight")
            .WithSummary("Change the percent of requests the canary answers.");
        control.MapPost("/rollout/approve", (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new ApproveRollout(name, request?.Reason), false, user, ct))
            .WithName("ApproveRollout")
            .WithSummary("A second operator's approval of the candidate, which Rollout:RequireApproval needs before promotion.");
        control.MapPost("/rollout/promote", (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new PromoteRollout(name, request?.Reason), request?.Force ?? false, user, ct))
            .WithName("PromoteRollout")
            .WithSummary("Make the candidate the served version of every host, once the rollout policy (bake time, approval) allows it.");
        control.MapPost("/rollout/abort", (string name, ControlRequest? request, ClaimsPrincipal user, ControlCommands commands, CancellationToken ct) =>
                Run(commands, new AbortRollout(name, request?.Reason), false, user, ct))
            .WithName("AbortRollout")
            .WithSummary("End the trial: the candidate is unloaded everywhere and the served version answers everything.");

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
