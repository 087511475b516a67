using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.Onnx.Tests;

/// <summary>What an skl2onnx-shaped classifier answered: its labels and its ZipMap'ed probabilities, per row.</summary>
internal sealed record ClassifierRun(long[] Labels, IReadOnlyList<IReadOnlyDictionary<long, float>> Probabilities)
{
    public static ClassifierRun Of(byte[] model, string inputName, float[][] rows)
    {
        using var session = new InferenceSession(model);
        var input = NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]));
        using var results = session.Run([input]);
        var labels = results.Single(r => r.Name == SklearnOutputs.Label).AsTensor<long>().ToArray();
        var probabilities = results.Single(r => r.Name == SklearnOutputs.Probability)
            .AsEnumerable<DisposableNamedOnnxValue>()
            .Select(map => (IReadOnlyDictionary<long, float>)map.AsDictionary<long, float>().ToDictionary())
            .ToList();
        return new ClassifierRun(labels, probabilities);
    }

    public void AssertEqual(long[] expectedLabels, float[][] expectedProbabilities, long[] classes)
    {
        Assert.Equal(expectedLabels, Labels);
        Assert.Equal(expectedProbabilities.Length, Probabilities.Count);
        for (var row = 0; row < expectedProbabilities.Length; row++)
        {
            Assert.Equal(classes, Probabilities[row].Keys.Order());
            for (var c = 0; c < classes.Length; c++)
            {
                Assert.Equal(expectedProbabilities[row][c], Probabilities[row][classes[c]], precision: 5);
            }
        }
    }
}
