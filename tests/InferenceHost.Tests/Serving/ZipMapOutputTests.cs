using System.Text.Json;
using Hotswap.Onnx;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>
/// A scikit-learn classifier as skl2onnx exports it by default (LinearClassifier + Normalizer + ZipMap): its
/// <c>output_probability</c>, a sequence of maps, is answered as MLflow's pyfunc returns it.
/// </summary>
public sealed class ZipMapOutputTests
{
    private static readonly SklearnLogisticRegression Classifier = SklearnLogisticRegression.Iris;
    private static readonly float[][] Rows = [[5.1f, 3.5f, 1.4f, 0.2f], [6.7f, 3.0f, 5.2f, 2.3f], [5.9f, 2.8f, 4.3f, 1.3f]];

    [Fact]
    public void The_signature_spells_the_zipmap_output_as_a_sequence_of_maps()
    {
        var model = InProcessPrediction.Load(Classifier.ToOnnx());

        Assert.Equal("seq(map(int64,float32))", model.Signature.Outputs.Single(o => o.Name == SklearnOutputs.Probability).DType);
        Assert.Equal("int64", model.Signature.Outputs.Single(o => o.Name == SklearnOutputs.Label).DType);
        Assert.Null(model.OutputLayout);
    }

    [Fact]
    public void A_zipmap_output_is_an_array_of_objects_keyed_by_class_label_with_the_classifiers_probabilities()
    {
        var model = InProcessPrediction.Load(Classifier.ToOnnx());

        var predictions = InProcessPrediction.Predict(model, JsonSerializer.Serialize(new { inputs = Rows }));

        var probabilities = predictions.GetProperty(SklearnOutputs.Probability).EnumerateArray().ToArray();
        Assert.Equal(Rows.Length, probabilities.Length);
        for (var row = 0; row < Rows.Length; row++)
        {
            var expected = Probabilities(Rows[row]);
            Assert.Equal(Classifier.Classes.Select(c => c.ToString()), probabilities[row].EnumerateObject().Select(p => p.Name));
            for (var k = 0; k < expected.Length; k++)
            {
                Assert.Equal(expected[k], probabilities[row].GetProperty(Classifier.Classes[k].ToString()).GetDouble(), 1e-5);
            }
        }
    }

    [Fact]
    public void The_label_output_is_the_class_of_the_highest_probability()
    {
        var model = InProcessPrediction.Load(Classifier.ToOnnx());

        var predictions = InProcessPrediction.Predict(model, JsonSerializer.Serialize(new { inputs = Rows }));

        var expected = Rows.Select(r => Classifier.Classes[Array.IndexOf(Probabilities(r), Probabilities(r).Max())]);
        Assert.Equal(expected, predictions.GetProperty(SklearnOutputs.Label).EnumerateArray().Select(l => l.GetInt64()));
    }

    /// <summary>One-vs-rest logistic scores, normalized to sum to one (LinearClassifier LOGISTIC, then Normalizer L1).</summary>
    internal static double[] Probabilities(float[] row) => Probabilities(Classifier, row);

    internal static double[] Probabilities(SklearnLogisticRegression classifier, float[] row)
    {
        var scores = classifier.Classes.Select((_, k) =>
        {
            var z = classifier.Intercepts[k] + row.Select((x, j) => (double)x * classifier.Coefficients[(k * classifier.Features) + j]).Sum();
            return 1 / (1 + Math.Exp(-z));
        }).ToArray();
        return [.. scores.Select(s => s / scores.Sum())];
    }
}
