using Microsoft.ML;

namespace Hotswap.Publisher.Training;

/// <summary>The seed project's model: petal length from sepal length, sepal width and petal width.</summary>
public static class IrisTrainer
{
    public const double ValidationFraction = 0.2;

    /// <summary>The seed picks the validation split and the trainer's randomness, so each seed gives its own model.</summary>
    public static TrainedIrisModel Train(int seed)
    {
        var ml = new MLContext(seed);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(IrisData.Load()), ValidationFraction, seed: seed);
        var pipeline = ml.Transforms.NormalizeMinMax(IrisRow.FeaturesColumn)
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(IrisRow.Label), featureColumnName: IrisRow.FeaturesColumn));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(IrisRow.Label));
        var validation = ml.Data.CreateEnumerable<IrisRow>(split.TestSet, reuseRowObject: false).ToArray();
        return new TrainedIrisModel(ml, model, validation)
        {
            Seed = seed,
            TrainingRowCount = ml.Data.CreateEnumerable<IrisRow>(split.TrainSet, reuseRowObject: true).Count(),
            MeanSquaredError = metrics.MeanSquaredError,
            RSquared = metrics.RSquared,
        };
    }
}
