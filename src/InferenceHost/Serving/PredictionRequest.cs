using System.Text.Json;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Serving.Outputs;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// A prediction request parsed once: its body (read with <see cref="RequestBody"/>), its format and its
/// <see cref="BodyOutline"/>, bound to the inputs of whichever version runs it (the served one, a canary, a stand-in,
/// or the other version of a rollout, which parses its copy again off the request path). Values of a single input
/// (the seed client's <c>data</c>, MLflow's <c>inputs</c> and <c>instances</c>) are read from the body's bytes
/// straight into the input's pooled buffer; named inputs and dataframes are read through a <see cref="JsonDocument"/>.
/// A struct over a body that stays its reader's, so the hot path allocates nothing for it, and a copy
/// (<c>ShadowTraffic</c>) holds its body, which the <see cref="BodyBudget"/> counts, and nothing parsed.
/// </summary>
public readonly struct PredictionRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = BodyOutline.MaxDepth };
    private readonly BodyOutline _outline;
    private readonly PredictLimits _limits;

    private PredictionRequest(RequestBody body, BodyOutline outline, PredictFormat format, PredictLimits limits)
    {
        Body = body;
        _outline = outline;
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
            return new PredictionRequest(body, BodyOutline.Read(body.Memory.Span), format, limits);
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

        if (!_outline.IsObject)
        {
            throw PredictionInputException.BadRequest("The body must be a JSON object: {\"data\": [[...]], \"model\": \"name\"}.");
        }

        if (!BodyOutline.Has(_outline.Model))
        {
            return null;
        }

        var reader = new Utf8JsonReader(Body.Memory.Span[_outline.Model]);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            _ => throw PredictionInputException.BadRequest("\"model\" must be a string."),
        };
    }

    /// <summary>Binds and runs on <paramref name="model"/>; the model's own failure surfaces as the <see cref="OnnxRuntimeException"/> it is.</summary>
    public RunOutputs Run(ServedModel model)
    {
        using var inputs = Bind(model);
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

    /// <summary>
    /// Binds the body to <paramref name="model"/>'s inputs: the values of a single input from their bytes, anything
    /// else (and any value those bytes refuse, for the message) through the body's <see cref="JsonDocument"/>.
    /// </summary>
    public InputSet Bind(ServedModel model)
    {
        if (model.Signature.Inputs.Count == 1 && _outline.IsObject && SingleInputValues(model) is { } direct)
        {
            return direct;
        }

        using var document = JsonDocument.Parse(Body.Memory, DocumentOptions);
        return Bind(document.RootElement, model, Format, _limits);
    }

    /// <summary>
    /// The seed client's <c>data</c>, or MLflow's <c>inputs</c>, when it is the single input's values rather than an
    /// object of named inputs; or MLflow's <c>instances</c> (when there is no <c>inputs</c>), when its rows are. Null when
    /// the body is not one of these or the values are refused: the document's reading then decides, and names the problem.
    /// </summary>
    private InputSet? SingleInputValues(ServedModel model)
    {
        var body = Body.Memory.Span;
        var (values, rows) = Format == PredictFormat.Seed ? (_outline.Data, false)
            : BodyOutline.Has(_outline.Inputs) ? (_outline.Inputs, false)
            : (_outline.Instances, true);
        if (!BodyOutline.Has(values) || body[values.Start] == (byte)'{' || (rows && !InputBinder.AreUnnamedRows(body[values], _limits)))
        {
            return null;
        }

        try
        {
            return InputBinder.FromSingleInput(body[values], model, _limits);
        }
        catch (PredictionInputException)
        {
            return null;
        }
    }

    private static JsonElement SeedData(JsonElement root, ServedModel model) =>
        root.TryGetProperty("data", out var data)
            ? data
            : throw PredictionInputException.BadRequest($"{model.Version.Model} version {model.Version.Version}: the body has no \"data\".");
}
