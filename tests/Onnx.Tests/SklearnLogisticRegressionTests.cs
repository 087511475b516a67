namespace Hotswap.Onnx.Tests;

public sealed class SklearnLogisticRegressionTests
{
    private static readonly float[][] Rows = [[5.1f, 3.5f, 1.4f, 0.2f], [6.0f, 2.7f, 4.1f, 1.3f], [6.9f, 3.1f, 5.4f, 2.1f]];

    [Fact]
    public void The_classifier_answers_labels_and_zipmap_probabilities_from_its_coefficients()
    {
        var model = SklearnLogisticRegression.Iris;

        var run = ClassifierRun.Of(model.ToOnnx(), SklearnLogisticRegression.InputName, Rows);

        var scores = Rows.Select(row => Scores(model, row)).ToArray();
        var expectedProbabilities = scores.Select(s => Normalize(s.Select(Sigmoid).ToArray())).ToArray();
        var expectedLabels = scores.Select(s => model.Classes[Array.IndexOf(s, s.Max())]).ToArray();
        run.AssertEqual(expectedLabels, expectedProbabilities, model.Classes);
    }

    [Fact]
    public void The_example_classifier_tells_its_three_classes_apart()
    {
        var run = ClassifierRun.Of(SklearnLogisticRegression.Iris.ToOnnx(), SklearnLogisticRegression.InputName, Rows);

        Assert.Equal([0L, 1L, 2L], run.Labels);
    }

    private static float[] Scores(SklearnLogisticRegression model, float[] row) =>
        [.. model.Classes.Select((_, c) => model.Intercepts[c] + row.Select((x, f) => x * model.Coefficients[(c * row.Length) + f]).Sum())];

    private static float Sigmoid(float score) => 1f / (1f + MathF.Exp(-score));

    private static float[] Normalize(float[] values) => [.. values.Select(v => v / values.Sum(Math.Abs))];
}
