using System.Text.Json;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Serving.Outputs;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// A prediction request read and parsed once: its pooled body, its format and its JSON, bound to the inputs of
/// whichever version runs it (the served one, a canary, a stand-in, or the other version of a rollout comparing it
/// off the request path). A struct, so the hot path allocates nothing for it; whoever holds it last disposes it.
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

    /// <summary>
    /// Parses a body read with <see cref="RequestBody"/>, taking it over (it is returned to the pool when parsing
    /// fails). A CSV body (MLflow only, <see cref="MediaTypes.IsCsv"/>) is first rewritten as the dataframe_split it
    /// means, typed by the inputs of the version <paramref name="csvTypes"/> names.
    /// </summary>
    public static PredictionRequest Parse<TState>(RequestBody body, bool csv, PredictFormat format, PredictLimits limits, Func<TState, ServedModel?> csvTypes, TState state)
    {
        try
        {
            if (csv)
            {
                using var text = body;
                body = null!;
                body = CsvBody.ToDataframeSplit(text, csvTypes(state));
            }

            return new PredictionRequest(body, Parse(body), format, limits);
        }
        catch
        {
            body?.Dispose();
            throw;
        }
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

    /// <summary>Returns the body to the pool and the parsed JSON with it; a default (never read) request holds nothing.</summary>
    public void Dispose()
    {
        _document?.Dispose();
        Body?.Dispose();
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

    private static JsonElement SeedData(JsonElement root, ServedModel model) =>
        root.TryGetProperty("data", out var data)
            ? data
            : throw PredictionInputException.BadRequest($"{model.Version.Model} version {model.Version.Version}: the body has no \"data\".");
}
