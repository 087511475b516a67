using System.Diagnostics;
using System.Text.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Rollouts;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Serving.Outputs;
using Hotswap.InferenceHost.Swapping;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving;

/// <summary>The request formats a prediction can come in.</summary>
public enum PredictFormat
{
    /// <summary><c>{"data": ..., "model": ...}</c> → <c>{"prediction": ..., "model_version": ...}</c>.</summary>
    Seed,

    /// <summary>MLflow's scoring protocol → <c>{"predictions": ...}</c>.</summary>
    Mlflow,
}

/// <summary>
/// The hot path: lease the served version, bind the request's JSON to its inputs, run, write the outputs. No locks,
/// no I/O besides the request itself, pooled buffers; the version that answered is named in headers and body. An
/// operator's trial of another version goes through the same reading, binding, running and writing. While a model has
/// a rollout, its <see cref="SlotRollout"/> decides which version answers and which gets a copy to compare. Only the
/// <see cref="SwapMode.Inline"/> benchmark baseline breaks this on purpose: there a request may wait for a swap.
/// </summary>
public sealed class PredictionHandler(ServingCatalog catalog, IOptions<PredictLimits> limits, BodyBudget budget, RequestTriggeredCheck check, PredictionMetrics metrics, ShadowTraffic shadow, RolloutMetrics rolloutMetrics)
{
    /// <summary>How request bodies are parsed, here and where a copy is compared (<see cref="ShadowTraffic"/>).</summary>
    internal static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };
    private readonly PredictLimits _limits = limits.Value;
    private readonly bool _inline = check.Inline;

    public Task HandleAsync(HttpContext context, PredictFormat format, string? routeModel)
    {
        check.NoteRequest();
        return RespondAsync(context, format, routeModel, leased: null);
    }

    /// <summary>
    /// Answers an MLflow scoring request with <paramref name="leased"/>, a version the caller holds a lease on until
    /// this completes: a version tried beside the served one rather than the one the model's slot holds.
    /// </summary>
    public Task HandleAsync(HttpContext context, ServedModel leased) => RespondAsync(context, PredictFormat.Mlflow, null, leased);

    private async Task RespondAsync(HttpContext context, PredictFormat format, string? routeModel, ServedModel? leased)
    {
        var started = Stopwatch.GetTimestamp();
        var answering = leased;
        RequestBody? body = null;
        try
        {
            var csv = MediaTypes.IsCsv(context.Request.ContentType, format);
            body = await RequestBody.ReadAsync(context.Request, _limits.MaxBodyBytes, budget, context.RequestAborted);
            if (csv)
            {
                // Rewritten as the dataframe_split it means, typed by the inputs of the version that will answer.
                var text = body;
                body = null;
                using (text)
                {
                    body = CsvBody.ToDataframeSplit(text, leased ?? Resolve(routeModel).Current);
                }
            }

            using var document = Parse(body);
            var root = document.RootElement;
            if (leased is not null)
            {
                await AnswerAsync(context, leased, root, format);
                return;
            }

            var model = routeModel ?? (format == PredictFormat.Seed ? SeedModelName(root) : null);
            if (_inline)
            {
                await check.ConvergeInlineAsync(model ?? catalog.Single?.Model, context.RequestAborted);
            }

            var slot = Resolve(model);
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
                    (answering, var mirrored) = await AnswerInRolloutAsync(context, lease.Model, rollout, root, format, body);
                    body = mirrored ? null : body;
                }
                else
                {
                    await AnswerAsync(context, lease.Model, root, format);
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
    /// Answers while a second version is loaded beside the served one. A canary answers its share of requests and, when
    /// it fails on one, the served version answers instead; after a swap the warm previous version stands in the same
    /// way for the new one. When the rollout compares, a copy of the request goes to the version that did not answer.
    /// Returns the version that answered and whether the copy took the body.
    /// </summary>
    private async Task<(ServedModel Answered, bool Mirrored)> AnswerInRolloutAsync(HttpContext context, ServedModel served, SlotRollout rollout, JsonElement root, PredictFormat format, RequestBody body)
    {
        var other = rollout.Other;
        if (!other.TryAcquire())
        {
            // Retired since the rollout was read (aborted, promoted or expired): the served version answers alone.
            await AnswerAsync(context, served, root, format);
            return (served, false);
        }

        var (first, standIn) = rollout.RoutesToCandidate(context.Request.Headers)
            ? (other, served)
            : (served, rollout.Phase == RolloutPhase.AfterSwap ? other : null);
        var start = Stopwatch.GetTimestamp();
        try
        {
            RunOutputs outputs;
            var answered = first;
            try
            {
                outputs = standIn is null ? Run(first, root, format) : RunOrThrow(first, root, format);
            }
            catch (Exception e) when (standIn is not null && e is OnnxRuntimeException or PredictionInputException)
            {
                var failedAfter = Stopwatch.GetTimestamp() - start;
                start = Stopwatch.GetTimestamp();
                outputs = Run(standIn, root, format);
                // Only now is it the version's fault: the stand-in answered the same request.
                first.Window.RecordRequest(failedAfter / outputs.Rows, failed: true);
                rolloutMetrics.Failed(first);
                answered = standIn;
            }

            var runTicks = (Stopwatch.GetTimestamp() - start) / outputs.Rows;
            answered.Window.RecordRequest(runTicks, failed: false);
            using (outputs)
            {
                await WriteAsync(context, answered, outputs, format);
                // A canary compares only the requests it answered: its own latency is then always a request's.
                var mirror = rollout.Mirrors && ReferenceEquals(answered, first) && (rollout.Phase != RolloutPhase.Canary || ReferenceEquals(answered, other));
                var guarded = rollout.Phase == RolloutPhase.AfterSwap ? served : other;
                var counterpart = ReferenceEquals(answered, other) ? served : other;
                return (answered, mirror && shadow.TryMirror(body, format, outputs, runTicks, counterpart, guarded));
            }
        }
        finally
        {
            other.Release();
        }
    }

    private static JsonDocument Parse(RequestBody body)
    {
        try
        {
            return JsonDocument.Parse(body.Memory, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw PredictionInputException.BadRequest($"The body is not valid JSON: {e.Message}");
        }
    }

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

    private string Served() => catalog.Slots.Count == 0 ? "no model" : string.Join(", ", catalog.Slots.Select(s => s.Model));

    private static string? SeedModelName(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw PredictionInputException.BadRequest("The body must be a JSON object: {\"data\": [[...]], \"model\": \"name\"}.");
        }

        return root.TryGetProperty("model", out var model) && model.ValueKind != JsonValueKind.Null
            ? model.ValueKind == JsonValueKind.String ? model.GetString() : throw PredictionInputException.BadRequest("\"model\" must be a string.")
            : null;
    }

    private static JsonElement SeedData(JsonElement root, ServedModel model) =>
        root.TryGetProperty("data", out var data)
            ? data
            : throw PredictionInputException.BadRequest($"{model.Version.Model} version {model.Version.Version}: the body has no \"data\".");

    /// <summary>Binds a request to <paramref name="model"/>'s inputs, in the request's format.</summary>
    internal static InputSet Bind(JsonElement root, ServedModel model, PredictFormat format, PredictLimits limits) =>
        format == PredictFormat.Seed
            ? InputBinder.FromSeedData(SeedData(root, model), model, limits)
            : InputBinder.FromMlflow(root, model, limits);

    /// <summary>Binds and runs; the model's own failure surfaces as the <see cref="OnnxRuntimeException"/> it is.</summary>
    private RunOutputs RunOrThrow(ServedModel model, JsonElement root, PredictFormat format)
    {
        using var inputs = Bind(root, model, format, _limits);
        return Predictor.Run(model, inputs);
    }

    /// <summary>Binds and runs; a failure is the request's answer (400), naming the version.</summary>
    private RunOutputs Run(ServedModel model, JsonElement root, PredictFormat format)
    {
        try
        {
            return RunOrThrow(model, root, format);
        }
        catch (OnnxRuntimeException e)
        {
            throw PredictionInputException.BadRequest($"{model.Version.Model} version {model.Version.Version} cannot run on this input: {e.Message}");
        }
    }

    /// <summary>Binds the request to the leased model's inputs, runs it and writes its outputs.</summary>
    private async Task AnswerAsync(HttpContext context, ServedModel model, JsonElement root, PredictFormat format)
    {
        var started = Stopwatch.GetTimestamp();
        using var outputs = Run(model, root, format);
        model.Window.RecordRequest((Stopwatch.GetTimestamp() - started) / outputs.Rows, failed: false);
        await WriteAsync(context, model, outputs, format);
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
