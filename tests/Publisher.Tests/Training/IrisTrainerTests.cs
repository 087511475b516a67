using Hotswap.Onnx;
using Hotswap.Publisher.Publishing;
using Hotswap.Publisher.Training;
using Hotswap.Publisher.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.Publisher.Tests.Training;

public sealed class IrisTrainerTests : IDisposable
{
    private readonly OnnxFiles _files = new();

    [Fact]
    public void Onnx_runtime_answers_what_ml_net_answers_on_the_validation_rows()
    {
        var trained = IrisTrainer.Train(seed: 1);
        using var session = Export(trained);
        var rows = trained.ValidationRows.Select(r => r.Features).ToArray();

        using var input = OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r).ToArray(), [rows.Length, 3]);
        using var outputs = session.Run(new RunOptions(), ["features"], [input], ["Score.output"]);

        var expected = trained.Predict(rows);
        Assert.Equal(expected.Length, outputs[0].GetTensorDataAsSpan<float>().Length);
        Assert.All(expected.Zip(outputs[0].GetTensorDataAsSpan<float>().ToArray()), p => Assert.Equal(p.First, p.Second, 1e-4f));
    }

    [Fact]
    public void The_export_has_one_input_of_three_features_and_one_output()
    {
        using var session = Export(IrisTrainer.Train(seed: 1));

        var signature = OnnxSignature.Read(session);

        Assert.Equal("inputs [features: float32[-1,3]] outputs [Score.output: float32[-1,1]]", signature.ToString());
    }

    [Fact]
    public void Training_learns_petal_length_well()
    {
        var trained = IrisTrainer.Train(seed: 1);

        Assert.InRange(trained.RSquared, 0.9, 1);
        Assert.InRange(trained.MeanSquaredError, 0, 0.3);
        Assert.Equal(150, trained.TrainingRowCount + trained.ValidationRows.Count);
    }

    [Fact]
    public void An_export_that_answers_differently_from_ml_net_is_refused()
    {
        var trained = IrisTrainer.Train(seed: 1);
        using var otherModel = Export(IrisTrainer.Train(seed: 2));

        var error = Assert.Throws<PublishRefusedException>(() => ExportCheck.Verify(otherModel, trained, "iris_model version 5"));

        Assert.StartsWith("iris_model version 5: ONNX Runtime's answers differ from ML.NET's", error.Message);
    }

    [Fact]
    public void An_export_with_other_inputs_than_the_three_features_is_refused()
    {
        var twoInputs = GeneratedModel.Linear([1f, 1f, 1f], 0f) with { OffsetInput = "offset" };
        using var session = OnnxModelLoader.Load(_files.Write(twoInputs.ToOnnx()), "a model with two inputs");

        var error = Assert.Throws<PublishRefusedException>(() => ExportCheck.Verify(session, IrisTrainer.Train(seed: 1), "iris_model version 5"));

        Assert.Contains("should have one float32[-1,3] input and one float32[-1,1] output", error.Message);
    }

    public void Dispose() => _files.Dispose();

    private InferenceSession Export(TrainedIrisModel trained)
    {
        var path = Path.Combine(_files.Directory, $"{Guid.NewGuid():N}.onnx");
        trained.ExportOnnx(path);
        return OnnxModelLoader.Load(path, "the iris export");
    }
}
