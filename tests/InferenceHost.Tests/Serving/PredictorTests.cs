using System.Text.Json;
using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.Onnx;

namespace Hotswap.InferenceHost.Tests.Serving;

public sealed class PredictorTests : IDisposable
{
    // Two outputs per row: row · (1, 1, 1) + 0.5 and row · (1, 2, 3) + 0.5.
    private static readonly GeneratedModel Model = new()
    {
        Layers = [new GeneratedModel.DenseLayer(3, 2, [1f, 1f, 1f, 2f, 1f, 3f], [0.5f, 0.5f])],
    };

    private static readonly float[][] Rows = [[1f, 2f, 3f], [4f, 5f, 6f], [-1f, 0f, 1f]];

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hotswap-predictor-{Guid.NewGuid():N}.onnx");

    public PredictorTests() => File.WriteAllBytes(_path, Model.ToOnnx());

    [Fact]
    public void Outputs_that_follow_the_batch_are_run_into_rented_memory_with_the_graphs_answers()
    {
        var model = LoadedModels.Load(_path, "1");

        Assert.NotNull(model.OutputLayout);
        Assert.Equal(Expected(), Predict(model));
    }

    [Fact]
    public void Outputs_with_a_free_dimension_besides_the_batch_are_allocated_by_onnx_runtime()
    {
        var model = LoadedModels.Load(_path, "1", Declaring([-1, -1]));

        Assert.Null(model.OutputLayout);
        Assert.Equal(Expected(), Predict(model));
    }

    [Fact]
    public void A_declared_output_shape_the_graph_does_not_produce_falls_back_to_onnx_runtimes_allocation()
    {
        // The signature claims three values per row; the graph writes two, so the rented shape is refused.
        var model = LoadedModels.Load(_path, "1", Declaring([-1, 3]));

        Assert.NotNull(model.OutputLayout);
        Assert.Equal(Expected(), Predict(model));
    }

    public void Dispose() => File.Delete(_path);

    private static ModelSignature Declaring(long[] outputShape) =>
        new([new TensorSpec(Model.InputName, "float32", [-1, 3])], [new TensorSpec(Model.OutputName, "float32", outputShape)]);

    private static float[][] Expected() => [.. Rows.Select(row => Model.Evaluate(row))];

    private static float[][] Predict(ServedModel model)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new { inputs = Rows }));
        using var inputs = InputBinder.FromMlflow(document.RootElement, model, new PredictLimits());
        using var outputs = Predictor.Run(model, inputs);
        var values = outputs.Values[0].GetTensorDataAsSpan<float>().ToArray();
        return [.. values.Chunk(2)];
    }
}
