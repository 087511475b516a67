using Microsoft.ML;

namespace Hotswap.Publisher.Training;

/// <summary>A fitted pipeline with the validation rows it was measured on.</summary>
public sealed class TrainedIrisModel(MLContext ml, ITransformer model, IReadOnlyList<IrisRow> validationRows)
{
    public required int Seed { get; init; }
    public required int TrainingRowCount { get; init; }
    public required double MeanSquaredError { get; init; }
    public required double RSquared { get; init; }

    public IReadOnlyList<IrisRow> ValidationRows => validationRows;

    public IReadOnlyDictionary<string, double> Metrics => new Dictionary<string, double>
    {
        ["mse"] = MeanSquaredError,
        ["r2"] = RSquared,
    };

    /// <summary>What ML.NET itself answers for each row, the reference the exported ONNX graph must match.</summary>
    public float[] Predict(IEnumerable<float[]> features)
    {
        using var engine = ml.Model.CreatePredictionEngine<IrisFeatures, IrisPrediction>(model);
        return [.. features.Select(f => engine.Predict(new IrisFeatures { Features = f }).Score)];
    }

    public void ExportOnnx(string path)
    {
        var labelLess = ml.Data.LoadFromEnumerable(Array.Empty<IrisFeatures>());
        using var file = File.Create(path);
        ml.Model.ConvertToOnnx(model, labelLess, file, nameof(IrisPrediction.Score));
    }
}
