using Hotswap.Contracts.Predict;
using Hotswap.InferenceHost.Orchestration;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Access;
using Microsoft.AspNetCore.Mvc;

namespace Hotswap.InferenceHost.Api;

public static class PredictEndpoints
{
    public static IEndpointRouteBuilder MapPredictEndpoints(this IEndpointRouteBuilder app)
    {
        // API keys, rate limits and request-triggered swap checks apply to the group only when configured: otherwise
        // the hot path has no filter at all.
        var predict = app.MapGroup("").WithTags("Predict").RequirePredictAccess(app.ServiceProvider).WithRequestTriggeredChecks(app.ServiceProvider);
        predict.MapPost("/predict", (HttpContext context, PredictionHandler handler) => handler.HandleAsync(context, PredictFormat.Seed, null))
            .WithName("Predict")
            .WithSummary("Predict with the seed client's format: {\"data\": [[...]], \"model\": \"name\"}.")
            .WithJsonBody<SeedPredictRequest>()
            .Produces<SeedPredictResponse>()
            .Produces<ProblemDetails>(StatusCodes.Status400BadRequest)
            .Produces<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ProblemDetails>(StatusCodes.Status503ServiceUnavailable);

        predict.MapPost("/invocations", (HttpContext context, PredictionHandler handler) => handler.HandleAsync(context, PredictFormat.Mlflow, null))
            .WithName("Invocations")
            .WithSummary("MLflow scoring protocol (inputs, instances, dataframe_split, dataframe_records) for the single served model.");

        predict.MapPost("/models/{name}/invocations", (HttpContext context, string name, PredictionHandler handler) => handler.HandleAsync(context, PredictFormat.Mlflow, name))
            .WithName("ModelInvocations")
            .WithSummary("MLflow scoring protocol for a named model.");
        return app;
    }

    /// <summary>
    /// Documents the JSON body without adding content-type routing metadata: with it, routing would answer a wrong
    /// content type with a bare 415 before the handler can say what it expects.
    /// </summary>
    private static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
