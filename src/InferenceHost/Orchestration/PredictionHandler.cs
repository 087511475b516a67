using System.Diagnostics;
using System.Text.Json;
using Hotswap.Contracts.Predict;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Serving.Outputs;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Orchestration;

/// <summary>
/// The hot path's HTTP side: read and parse the request (<see cref="PredictionRequest"/>), choose the model and lease
/// its served version, let the <see cref="RolloutRouter"/> route it while the model has a rollout, write the outputs
/// or a problem, and record the request once. No locks, no I/O besides the request itself, pooled buffers; the
/// version that answered is named in headers and body. An operator's trial of another version goes through the same
/// reading, running and writing. The swap modes that act on requests (<c>Swap:Mode</c> Inline and OnRequest) are
/// endpoint filters added only in those modes (<see cref="RequestTriggeredFilters"/>), so nothing here checks for them.
/// </summary>
public sealed class PredictionHandler(ServingCatalog catalog, IOptions<PredictLimits> limits, BodyBudget budget, PredictionMetrics metrics, RolloutRouter router)
{
    private readonly PredictLimits _limits = limits.Value;

    public Task HandleAsync(HttpContext context, PredictFormat format, string? routeModel) => RespondAsync(context, format, routeModel, leased: null);

    /// <summary>
    /// Answers an MLflow scoring request with <paramref name="leased"/>, a version the caller holds a lease on until
    /// this completes: a version tried beside the served one rather than the one the model's slot holds.
    /// </summary>
    public Task HandleAsync(HttpContext context, ServedModel leased) => RespondAsync(context, PredictFormat.Mlflow, null, leased);

    /// <summary>The slot a request for <paramref name="model"/> (null: none named) goes to; 400 or 404 when there is none.</summary>
    private ModelSlot Resolve(string? model)
    {
        if (model is null)
        {
            return catalog.Single ?? throw PredictionInputException.BadRequest(
                catalog.Slots.Count == 0 ? "This host serves no model yet." : $"Name the model: this host serves {Served()}.");
        }

        return catalog.TryGet(model, out var slot)
            ? slot
            : throw new PredictionInputException(StatusCodes.Status404NotFound, $"Unknown model '{(model.Length > 64 ? model[..64] + "…" : model)}'; this host serves {Served()}.");
    }

    private async Task RespondAsync(HttpContext context, PredictFormat format, string? routeModel, ServedModel? leased)
    {
        var started = Stopwatch.GetTimestamp();
        var answering = leased;
        RequestBody? body = null;
        try
        {
            var csv = MediaTypes.IsCsv(context.Request.ContentType, format);
            body = await RequestBody.ReadAsync(context.Request, _limits.MaxBodyBytes, budget, context.RequestAborted);

            // A CSV body is typed by the inputs of the version that will answer.
            var request = PredictionRequest.Parse(ref body, csv, format, _limits, static s => s.Leased ?? s.Handler.Resolve(s.RouteModel).Current, (Handler: this, RouteModel: routeModel, Leased: leased));
            if (leased is not null)
            {
                await AnswerAsync(context, leased, request);
                return;
            }

            var slot = Resolve(routeModel ?? request.SeedModelName());
            if (!slot.TryLease(out var lease))
            {
                context.Response.Headers.RetryAfter = "1";
                await Problem(context, StatusCodes.Status503ServiceUnavailable, "Model not loaded", $"{slot.Model} has no version loaded right now (first load or a resource-preserving swap); retry shortly.");
                return;
            }

            using (lease)
            {
                answering = lease.Model;
                if (slot.Rollout is { } rollout)
                {
                    (answering, var copied) = await AnswerInRolloutAsync(context, lease.Model, rollout, request);
                    body = copied ? null : body;
                }
                else
                {
                    await AnswerAsync(context, lease.Model, request);
                }
            }
        }
        catch (PredictionInputException e)
        {
            if (e.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await Problem(context, e.StatusCode, e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "Request too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                StatusCodes.Status404NotFound => "Unknown model",
                StatusCodes.Status503ServiceUnavailable => "Too many request bodies in memory",
                _ => "Invalid prediction request",
            }, e.Message);
        }
        finally
        {
            body?.Dispose();
            metrics.Record(context, answering, started);
        }
    }

    /// <summary>
    /// Answers while a second version is loaded beside the served one, the way the <see cref="RolloutRouter"/> routes
    /// it. Returns the version that answered and whether a copy of the request took its body.
    /// </summary>
    private async Task<(ServedModel Answered, bool Copied)> AnswerInRolloutAsync(HttpContext context, ServedModel served, SlotRollout rollout, PredictionRequest request)
    {
        var other = rollout.Other;
        if (!other.TryAcquire())
        {
            // Retired since the rollout was read (aborted, promoted or expired): the served version answers alone.
            await AnswerAsync(context, served, request);
            return (served, false);
        }

        try
        {
            var route = RolloutRouter.Route(served, rollout, context.Request.Headers);
            using var outputs = router.Run(route, request, out var answered, out var runTicks);
            await WriteAsync(context, answered, outputs, request.Format);
            return (answered, router.TryCopy(route, answered, request, outputs, runTicks));
        }
        finally
        {
            other.Release();
        }
    }

    private string Served() => catalog.Slots.Count == 0 ? "no model" : string.Join(", ", catalog.Slots.Select(s => s.Model));

    /// <summary>Runs the request on the leased model and writes its outputs.</summary>
    private static async Task AnswerAsync(HttpContext context, ServedModel model, PredictionRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        using var outputs = request.RunOrRefuse(model);
        VersionOutcomes.Answered(model, (Stopwatch.GetTimestamp() - started) / outputs.Rows);
        await WriteAsync(context, model, outputs, request.Format);
    }

    private static async Task WriteAsync(HttpContext context, ServedModel model, RunOutputs outputs, PredictFormat format)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        response.Headers[PredictHeaders.Version] = model.VersionHeader;
        response.Headers[PredictHeaders.Model] = model.NameHeader;
        response.Headers[PredictHeaders.Sha256] = model.Sha256Header;
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(format == PredictFormat.Seed ? "prediction"u8 : "predictions"u8);
            PredictionJson.WriteOutputs(writer, outputs.Values, model.OutputNames, flattenColumn: format == PredictFormat.Seed);
            if (format == PredictFormat.Seed)
            {
                writer.WriteString("model_version"u8, model.Version.Version);
            }

            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
}
