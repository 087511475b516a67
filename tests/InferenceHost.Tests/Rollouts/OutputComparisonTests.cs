using System.Text.Json;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Tests.Serving;
using Hotswap.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.InferenceHost.Tests.Rollouts;

/// <summary>
/// What the shadow and the guard compare between two versions' answers to the same request, for outputs that are not
/// plain float tensors: a classifier's label by equality, its ZipMap by its probabilities, strings by equality.
/// </summary>
public sealed class OutputComparisonTests
{
    private static readonly SklearnLogisticRegression Served = SklearnLogisticRegression.Iris;

    // A "retrained" classifier: class 1's weights on the last two features moved, so some rows change class.
    private static readonly SklearnLogisticRegression Candidate = Served with
    {
        Coefficients = [.. Served.Coefficients.Select((w, i) => i is 6 or 7 ? w + 1.2f : w)],
    };

    private static readonly float[][] Rows =
    [
        [5.1f, 3.5f, 1.4f, 0.2f], [6.7f, 3.0f, 5.2f, 2.3f], [5.9f, 2.8f, 4.3f, 1.3f], [6.3f, 2.5f, 5.0f, 1.9f], [4.9f, 3.0f, 1.4f, 0.2f], [6.0f, 2.2f, 4.0f, 1.0f],
    ];

    [Fact]
    public void Two_classifier_versions_agree_where_their_labels_are_equal_and_differ_by_their_zipmap_probabilities()
    {
        var served = InProcessPrediction.Load(Served.ToOnnx());
        var candidate = InProcessPrediction.Load(Candidate.ToOnnx(), "2");
        var agreements = 0;

        foreach (var row in Rows)
        {
            using var ours = Run(served, row);
            using var theirs = Run(candidate, row);
            var comparison = ours.CompareWith(theirs, tolerance: 1e-4)!.Value;

            var p = ZipMapOutputTests.Probabilities(Served, row);
            var q = ZipMapOutputTests.Probabilities(Candidate, row);
            var differences = p.Zip(q, (a, b) => Math.Abs(a - b)).ToArray();
            var agreed = ArgMax(p) == ArgMax(q);
            Assert.Equal(agreed, comparison.Agreed);
            Assert.Equal(differences.Average(), comparison.MeanAbsDiff, 1e-5);
            Assert.Equal(differences.Max(), comparison.MaxAbsDiff, 1e-5);
            agreements += agreed ? 1 : 0;
        }

        // The rows were chosen so that the comparison sees both outcomes.
        Assert.InRange(agreements, 1, Rows.Length - 1);
    }

    [Fact]
    public void String_outputs_are_compared_by_equality_with_no_difference()
    {
        using var paris = Flatten(["Paris", "Lyon"]);
        using var same = Flatten(["Paris", "Lyon"]);
        using var other = Flatten(["Paris", "Nantes"]);

        Assert.Equal(new Comparison(0, 0, true), paris.CompareWith(same, tolerance: 0));
        Assert.Equal(new Comparison(0, 0, false), paris.CompareWith(other, tolerance: 0));
    }

    [Fact]
    public void An_output_of_a_type_that_cannot_be_compared_is_flagged_rather_than_failing()
    {
        // ONNX's float8 (e4m3fn, element type 17): ONNX Runtime holds it, nothing in this host reads it.
        using var float8 = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (TensorElementType)17, [2]);

        using var vector = OutputFlattener.Flatten([float8]);

        Assert.False(vector.Comparable);
    }

    private static OutputVector Run(ServedModel model, float[] row)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new { inputs = new[] { row } }));
        using var inputs = InputBinder.FromMlflow(document.RootElement, model, new PredictLimits());
        using var outputs = Predictor.Run(model, inputs);
        return OutputVector.Copy(outputs);
    }

    private static OutputVector Flatten(string[] labels)
    {
        using var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [labels.Length]);
        for (var i = 0; i < labels.Length; i++)
        {
            value.StringTensorSetElementAt(labels[i].AsSpan(), i);
        }

        return OutputFlattener.Flatten([value]);
    }

    private static int ArgMax(double[] values) => Array.IndexOf(values, values.Max());
}
