using Hotswap.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.Onnx.Tests;

public sealed class GeneratedModelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hotswap-onnx-").FullName;

    [Fact]
    public void A_linear_model_answers_what_its_weights_say()
    {
        var model = GeneratedModel.Linear([1f, 2f, 3f], bias: 0.5f);

        using var session = Load(model);
        var output = Run(session, [1f, 1f, 1f, 2f, 0f, 1f], rows: 2);

        Assert.Equal([6.5f, 5.5f], output);
    }

    [Fact]
    public void A_hidden_layer_model_matches_its_own_evaluation()
    {
        var model = GeneratedModel.OfSize(inputs: 3, approximateBytes: 64 * 1024);

        using var session = Load(model);
        var output = Run(session, [0.3f, -1.2f, 2.5f], rows: 1);

        Assert.Equal(model.Evaluate([0.3f, -1.2f, 2.5f])[0], output[0], precision: 4);
    }

    [Fact]
    public void A_model_of_a_chosen_size_is_about_that_size()
    {
        var bytes = GeneratedModel.OfSize(inputs: 3, approximateBytes: 1024 * 1024).ToOnnx();

        Assert.InRange(bytes.Length, 1000 * 1024, 1100 * 1024);
    }

    [Fact]
    public void The_signature_names_each_input_with_its_type_and_free_batch_dimension()
    {
        var model = GeneratedModel.Linear([1f, 1f, 1f], 0f) with { OffsetInput = "offset" };

        using var session = Load(model);
        var signature = OnnxSignature.Read(session);

        Assert.Equal(["features: float32[-1,3]", "offset: int64[-1,1]"], signature.Inputs.Select(s => s.ToString()));
        Assert.Equal(["prediction: float32[-1,1]"], signature.Outputs.Select(s => s.ToString()));
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused_with_its_name_in_the_message()
    {
        var path = Path.Combine(_directory, "garbage.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);

        var error = Assert.Throws<InvalidOnnxModelException>(() => OnnxModelLoader.Load(path, "iris version 9"));

        Assert.StartsWith("iris version 9 is not a model ONNX Runtime can load", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private InferenceSession Load(GeneratedModel model)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model.ToOnnx());
        return OnnxModelLoader.Load(path, "generated model");
    }

    private static float[] Run(InferenceSession session, float[] values, int rows)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(values, [rows, values.Length / rows]);
        using var results = session.Run(new RunOptions(), ["features"], [input], session.OutputNames);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
