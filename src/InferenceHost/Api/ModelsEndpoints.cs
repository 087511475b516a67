using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.InferenceHost.Orchestration;
using Hotswap.InferenceHost.Status;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotswap.InferenceHost.Api;

public static class ModelsEndpoints
{
    public static IEndpointRouteBuilder MapModelsEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/models").WithTags("Status");
        models.MapGet("/", (HostStatusReader status) => TypedResults.Ok(status.Read().Models))
            .WithName("ListModels")
            .WithSummary("Each model's served and desired version, pin, state, load time, last check and last error.");
        models.MapGet("/{name}", GetModel)
            .WithName("GetModel")
            .WithSummary("One model's status.");
        models.MapGet("/{name}/rollout", GetRollout)
            .WithName("GetRollout")
            .WithSummary("The guard's latest figures for one model: each version's requests, errors and latency over the window, drift, and every rule against its limit.");
        app.MapGet("/status", (HostStatusReader status) => TypedResults.Ok(status.Read()))
            .WithTags("Status")
            .WithName("HostStatus")
            .WithSummary("The whole host: id, mode, policy, last check and every model.");
        return app;
    }

    private static Results<Ok<ModelStatus>, ProblemHttpResult> GetModel(string name, HostStatusReader status) =>
        status.Read(name) is { } model ? TypedResults.Ok(model) : Unknown(name);

    private static Results<Ok<RolloutStats>, ProblemHttpResult> GetRollout(string name, RolloutGuard guard) =>
        guard.Latest(name) is { } stats ? TypedResults.Ok(stats) : Unknown(name, " (or the guard has not evaluated it yet)");

    private static ProblemHttpResult Unknown(string name, string? detail = null) =>
        TypedResults.Problem($"This host neither serves nor expects a model named '{(name.Length > 64 ? name[..64] + "…" : name)}'{detail}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown model");
}
