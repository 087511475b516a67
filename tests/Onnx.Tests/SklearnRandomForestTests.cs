using static Hotswap.Onnx.SklearnRandomForest;

namespace Hotswap.Onnx.Tests;

public sealed class SklearnRandomForestTests
{
    private static readonly float[][] Rows = [[5.1f, 3.5f, 1.4f, 0.2f], [6.0f, 2.7f, 4.1f, 1.3f], [6.3f, 2.8f, 5.1f, 1.5f], [6.9f, 3.1f, 5.4f, 2.1f]];

    [Fact]
    public void The_forest_answers_the_average_of_the_leaves_each_row_reaches()
    {
        var forest = SklearnRandomForest.Iris;

        var run = ClassifierRun.Of(forest.ToOnnx(), SklearnRandomForest.InputName, Rows);

        var expectedProbabilities = Rows.Select(row => Average(forest.Trees.Select(tree => LeafOf(tree, row).ClassFractions))).ToArray();
        var expectedLabels = expectedProbabilities.Select(p => forest.Classes[Array.IndexOf(p, p.Max())]).ToArray();
        run.AssertEqual(expectedLabels, expectedProbabilities, forest.Classes);
    }

    [Fact]
    public void A_row_where_the_trees_disagree_gets_the_averaged_answer()
    {
        var run = ClassifierRun.Of(SklearnRandomForest.Iris.ToOnnx(), SklearnRandomForest.InputName, [[6.3f, 2.8f, 5.1f, 1.5f]]);

        Assert.Equal(0.9f * 0.5f + 0.1f * 0.5f, run.Probabilities[0][1], precision: 5);
        Assert.Equal(0.1f * 0.5f + 0.9f * 0.5f, run.Probabilities[0][2], precision: 5);
    }

    private static Leaf LeafOf(Node node, float[] row) => node switch
    {
        Split split => LeafOf(row[split.Feature] <= split.Threshold ? split.IfLessOrEqual : split.Otherwise, row),
        Leaf leaf => leaf,
        _ => throw new ArgumentException("not a tree node", nameof(node)),
    };

    private static float[] Average(IEnumerable<float[]> fractions)
    {
        var all = fractions.ToArray();
        return [.. all[0].Select((_, c) => all.Average(f => f[c]))];
    }
}
