using Hotswap.Contracts.Control;
using Hotswap.InferenceHost.Control;
using Hotswap.InferenceHost.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotswap.InferenceHost.Api;

public static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control/models/{name}")
            .RequireAuthorization(ControlTokenHandler.OperatorPolicy)
            .WithTags("Control");
        control.MapPost("/refresh", (string name, ControlRequest? request, ControlCommands commands, CancellationToken ct) =>
                Run(() => commands.RefreshAsync(name, request ?? new ControlRequest(), ct)))
            .WithName("Refresh")
            .WithSummary("Read the desired state now and converge on it (force: skip the signature check).");
        control.MapPost("/pin", (string name, PinRequest request, ControlCommands commands, CancellationToken ct) =>
                Run(() => commands.PinAsync(name, request, ct)))
            .WithName("Pin")
            .WithSummary("Hold every host on a version: later publishes do not advance it.");
        control.MapPost("/unpin", (string name, ControlRequest? request, ControlCommands commands, CancellationToken ct) =>
                Run(() => commands.UnpinAsync(name, request ?? new ControlRequest(), ct)))
            .WithName("Unpin")
            .WithSummary("Release the pin: every host follows the newest version.");
        control.MapPost("/rollback", (string name, ControlRequest? request, ControlCommands commands, CancellationToken ct) =>
                Run(() => commands.RollbackAsync(name, request ?? new ControlRequest(), ct)))
            .WithName("Rollback")
            .WithSummary("Go back to the version served before the current one, and pin it.");
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

    private static async Task<Results<Ok<ControlResult>, ProblemHttpResult>> Run(Func<Task<ControlResult>> command)
    {
        try
        {
            return TypedResults.Ok(await command());
        }
        catch (Exception e) when (ControlErrors.Classify(e) is { } problem)
        {
            return TypedResults.Problem(problem);
        }
    }
}
