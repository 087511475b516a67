using System.Text.Json;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Serving.Outputs;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// A prediction request parsed once: its body (read with <see cref="RequestBody"/>), its format and its JSON, bound
/// to the inputs of whichever version runs it (the served one, a canary, a stand-in, or the other version of a
/// rollout, which parses its copy again off the request path). A struct, so the hot path allocates nothing for it.
/// It owns only its parsed JSON: the body stays its reader's, who may hand it to a copy (<c>ShadowTraffic</c>), so a
/// queued copy holds its body, which the <see cref="BodyBudget"/> counts, and no parsed JSON.
/// </summary>
public readonly struct PredictionRequest : IDisposable
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };
    private readonly JsonDocument _document;
    private readonly PredictLimits _limits;

    private PredictionRequest(RequestBody body, JsonDocument document, PredictFormat format, PredictLimits limits)
    {
        Body = body;
        _document = document;
        Format = format;
        _limits = limits;
    }

    public RequestBody Body { get; }

    public PredictFormat Format { get; }

    /// <summary>Parses a JSON body; the body stays the caller's.</summary>
    public static PredictionRequest Parse(RequestBody body, PredictFormat format, PredictLimits limits)
    {
        try
        {
            return new PredictionRequest(body, JsonDocument.Parse(body.Memory, DocumentOptions), format, limits);
        }
        catch (JsonException e)
        {
            throw PredictionInputException.BadRequest($"The body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// Parses a body read from a request, first rewriting a CSV body (MLflow only, <see cref="MediaTypes.IsCsv"/>) as
    /// the dataframe_split it means, typed by the inputs of the version <paramref name="csvTypes"/> names; the
    /// rewritten body replaces <paramref name="body"/> (null when the rewriting failed) and stays the caller's.
    /// </summary>
    public static PredictionRequest Parse<TState>(ref RequestBody? body, bool csv, PredictFormat format, PredictLimits limits, Func<TState, ServedModel?> csvTypes, TState state)
    {
        if (csv)
        {
            using var text = body!;
            body = null;
            body = CsvBody.ToDataframeSplit(text, csvTypes(state));
        }

        return Parse(body!, format, limits);
    }

    /// <summary>The model a seed-format body names (<c>"model"</c>), or null when it names none or the format has no such field.</summary>
    public string? SeedModelName()
    {
        if (Format != PredictFormat.Seed)
        {
            return null;
        }

        var root = _document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw PredictionInputException.BadRequest("The body must be a JSON object: {\"data\": [[...]], \"model\": \"name\"}.");
        }

        return root.TryGetProperty("model", out var model) && model.ValueKind != JsonValueKind.Null
            ? model.ValueKind == JsonValueKind.String ? model.GetString() : throw PredictionInputException.BadRequest("\"model\" must be a string.")
            : null;
    }

    /// <summary>Binds and runs on <paramref name="model"/>; the model's own failure surfaces as the <see cref="OnnxRuntimeException"/> it is.</summary>
    public RunOutputs Run(ServedModel model)
    {
        using var inputs = Bind(_document.RootElement, model, Format, _limits);
        return Predictor.Run(model, inputs);
    }

    /// <summary>Binds and runs on <paramref name="model"/>; a failure is the request's answer (400), naming the version.</summary>
    public RunOutputs RunOrRefuse(ServedModel model)
    {
        try
        {
            return Run(model);
        }
        catch (OnnxRuntimeException e)
        {
            throw PredictionInputException.BadRequest($"{model.Version.Model} version {model.Version.Version} cannot run on this input: {e.Message}");
        }
    }

    /// <summary>Binds a request's JSON to <paramref name="model"/>'s inputs, in the request's format.</summary>
    public static InputSet Bind(JsonElement root, ServedModel model, PredictFormat format, PredictLimits limits) =>
        format == PredictFormat.Seed
            ? InputBinder.FromSeedData(SeedData(root, model), model, limits)
            : InputBinder.FromMlflow(root, model, limits);

    /// <summary>Returns the parsed JSON to its pool; a default (never parsed) request holds nothing.</summary>
    public void Dispose() => _document?.Dispose();

    private static JsonElement SeedData(JsonElement root, ServedModel model) =>
        root.TryGetProperty("data", out var data)
            ? data
            : throw PredictionInputException.BadRequest($"{model.Version.Model} version {model.Version.Version}: the body has no \"data\".");
}
