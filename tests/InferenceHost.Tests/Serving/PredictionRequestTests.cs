using System.Text;
using System.Text.Json;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.Onnx;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>
/// A prediction body read with a <see cref="Utf8JsonReader"/> straight into its tensor (<see cref="BodyOutline"/>,
/// <see cref="PredictionRequest.Bind(ServedModel)"/>) against the same body read through a <see cref="JsonDocument"/>,
/// the way every other body is read: the same tensors, the same refusals, and no allocation beyond the tensor's own.
/// </summary>
public sealed class PredictionRequestTests : IDisposable
{
    private static readonly PredictLimits Limits = new() { MaxBatchRows = 4 };
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly BodyBudget _budget;
    private readonly ServedModel _model = InProcessPrediction.Load(GeneratedModel.Linear([1f, 1f, 1f], 1).ToOnnx());

    public PredictionRequestTests() =>
        _budget = new BodyBudget(Options.Create(Limits), new HostMeter(_services.GetRequiredService<IMeterFactory>()));

    public static TheoryData<PredictFormat, string> Bodies => new()
    {
        { PredictFormat.Seed, """{"data": [[5.1, 3.5, 1.4]]}""" },
        { PredictFormat.Seed, """ { "model" : "m", "data" : [ [1, 2, 3], [4e0, -5.5, 6E2] ] } """ },
        { PredictFormat.Seed, """{"data": [1, 2, 3]}""" },
        { PredictFormat.Seed, """{"data": [[1, 2, 3]], "data": [[7, 8, 9]]}""" },
        { PredictFormat.Seed, """{"d\u0061ta": [[1, 2, 3]]}""" },
        { PredictFormat.Seed, """{"data": {"features": [[1, 2, 3]]}}""" },
        { PredictFormat.Seed, """{"data": [[1, 2]]}""" },
        { PredictFormat.Seed, """{"data": [[1, 2, "3"]]}""" },
        { PredictFormat.Seed, """{"data": [[1, 2, 3], [4, 5]]}""" },
        { PredictFormat.Seed, """{"data": [[[1, 2, 3]]]}""" },
        { PredictFormat.Seed, """{"data": [[1, 2, 1e39]]}""" },
        { PredictFormat.Seed, """{"data": []}""" },
        { PredictFormat.Seed, """{"rows": [[1, 2, 3]]}""" },
        { PredictFormat.Mlflow, """{"inputs": [[1, 2, 3]]}""" },
        { PredictFormat.Mlflow, """{"inputs": {"features": [[1, 2, 3]]}}""" },
        { PredictFormat.Mlflow, """{"instances": [[1, 2, 3], [4, 5, 6]]}""" },
        { PredictFormat.Mlflow, """{"instances": [[1, 2, 3]], "inputs": [[4, 5, 6]]}""" },
        { PredictFormat.Mlflow, """{"instances": [{"features": [1, 2, 3]}]}""" },
        { PredictFormat.Mlflow, """{"instances": [[1, 2, 3], {"features": [1, 2, 3]}]}""" },
        { PredictFormat.Mlflow, """{"instances": []}""" },
        { PredictFormat.Mlflow, """{"instances": 5}""" },
        { PredictFormat.Mlflow, """{"instances": [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]}""" },
        { PredictFormat.Mlflow, """{"inputs": [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]}""" },
        { PredictFormat.Mlflow, """{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3]]}}""" },
        { PredictFormat.Mlflow, """{"data": [[1, 2, 3]]}""" },
        { PredictFormat.Mlflow, """[[1, 2, 3]]""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_binds_to_the_tensor_or_the_refusal_its_json_document_binds_to(PredictFormat format, string json)
    {
        using var body = await BodyOf(json);
        var request = PredictionRequest.Parse(body, format, Limits);
        using var document = JsonDocument.Parse(json);

        var expected = Outcome(() => PredictionRequest.Bind(document.RootElement, _model, format, Limits));
        var actual = Outcome(() => request.Bind(_model));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"data": [[1, 2, 3],]}""")]
    [InlineData("""{"data": [[1, 2, 3]]} {}""")]
    [InlineData("""{"data": [[1, 2, 3]], /* a comment */ "model": "m"}""")]
    [InlineData("""{"data": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}""")]
    public async Task A_body_that_is_not_json_is_refused_with_the_message_its_json_document_gives(string json)
    {
        using var body = await BodyOf(json);
        var documentError = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = BodyOutline.MaxDepth }));

        var refused = Assert.Throws<PredictionInputException>(() => PredictionRequest.Parse(body, PredictFormat.Seed, Limits));

        Assert.Equal((StatusCodes.Status400BadRequest, $"The body is not valid JSON: {documentError.Message}"), (refused.StatusCode, refused.Message));
    }

    [Theory]
    [InlineData("""{"data": [[1, 2, 3]], "model": "iris_model"}""", "iris_model")]
    [InlineData("""{"model": "first", "data": [[1, 2, 3]], "model": "second"}""", "second")]
    [InlineData("""{"model": "\u0069ris", "data": [[1, 2, 3]]}""", "iris")]
    [InlineData("""{"model": null, "data": [[1, 2, 3]]}""", null)]
    [InlineData("""{"data": [[1, 2, 3]]}""", null)]
    public async Task The_seed_body_names_its_model_as_its_json_document_reads_it(string json, string? model)
    {
        using var body = await BodyOf(json);

        Assert.Equal(model, PredictionRequest.Parse(body, PredictFormat.Seed, Limits).SeedModelName());
    }

    /// <summary>
    /// Everything a bound request holds is its tensor: the pooled buffer, the objects around it and its shape, which
    /// ONNX Runtime takes as an array; no text, no parsed document. Measured over many requests, so the runtime's
    /// one-off allocations (tiered compilation) are well under a byte per request.
    /// </summary>
    [Theory]
    [InlineData(PredictFormat.Seed, """{"data": [[5.1, 3.5, 1.4]], "model": "iris_model"}""")]
    [InlineData(PredictFormat.Mlflow, """{"inputs": [[5.1, 3.5, 1.4]]}""")]
    [InlineData(PredictFormat.Mlflow, """{"instances": [[5.1, 3.5, 1.4], [6.2, 2.9, 4.3]]}""")]
    public async Task Binding_a_numeric_body_allocates_nothing_but_its_tensor(PredictFormat format, string json)
    {
        const int Requests = 100_000;
        using var body = await BodyOf(json);
        for (var i = 0; i < Requests / 10; i++)
        {
            PredictionRequest.Parse(body, format, Limits).Bind(_model).Dispose();
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Requests; i++)
        {
            PredictionRequest.Parse(body, format, Limits).Bind(_model).Dispose();
        }

        var perRequest = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / Requests;
        using var document = JsonDocument.Parse(json);
        allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Requests / 10; i++)
        {
            using var parsed = JsonDocument.Parse(body.Memory);
            PredictionRequest.Bind(parsed.RootElement, _model, format, Limits).Dispose();
        }

        var throughDocument = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (Requests / 10);
        TestContext.Current.TestOutputHelper?.WriteLine($"{perRequest:F1} bytes per request read straight into the tensor, {throughDocument:F1} through a JSON document");
        Assert.True(perRequest <= TensorBytes, $"{perRequest:F1} bytes allocated per request, more than the tensor's {TensorBytes}");
    }

    /// <summary>What one bound input holds on the heap: the set, its array, the tensor, its buffer, assembler and shape.</summary>
    private const int TensorBytes = 320;

    public void Dispose()
    {
        _model.Retire();
        _services.Dispose();
    }

    private async Task<RequestBody> BodyOf(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var context = new DefaultHttpContext { Request = { Body = new MemoryStream(bytes), ContentLength = bytes.Length } };
        return await RequestBody.ReadAsync(context.Request, Limits.MaxBodyBytes, _budget, CancellationToken.None);
    }

    /// <summary>The tensors bound, as shape and values, or the refusal, as status and message.</summary>
    private static string Outcome(Func<InputSet> bind)
    {
        try
        {
            using var inputs = bind();
            return string.Join("; ", inputs.Tensors.Select(t =>
            {
                using var value = t.ToOrtValue();
                return $"{t.Spec.Name} [{string.Join(",", t.Shape)}] {string.Join(",", value.GetTensorDataAsSpan<float>().ToArray())}";
            }));
        }
        catch (PredictionInputException e)
        {
            return $"{e.StatusCode}: {e.Message}";
        }
    }
}
