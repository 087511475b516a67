namespace Hotswap.Onnx;

/// <summary>
/// A scikit-learn RandomForestClassifier (a DecisionTreeClassifier is a forest of one) as skl2onnx exports it:
/// <c>float_input</c> float32 [-1, features] → TreeEnsembleClassifier (each leaf's class fractions divided by the
/// number of trees, so the sums average them) → <c>output_label</c> int64 [-1], and ZipMap →
/// <c>output_probability</c> seq(map(int64, tensor(float))).
/// </summary>
public sealed record SklearnRandomForest(IReadOnlyList<SklearnRandomForest.Node> Trees, long[] Classes, int Features)
{
    public const string InputName = "float_input";

    /// <summary>A node of a tree: a split or a leaf.</summary>
    public abstract record Node;

    /// <summary>Rows with <c>x[Feature] &lt;= Threshold</c> go to <paramref name="IfLessOrEqual"/>, the others to <paramref name="Otherwise"/>.</summary>
    public sealed record Split(int Feature, float Threshold, Node IfLessOrEqual, Node Otherwise) : Node;

    /// <summary>The fraction of the leaf's training rows in each class, in the order of <see cref="Classes"/>.</summary>
    public sealed record Leaf(float[] ClassFractions) : Node;

    /// <summary>Two small trees over four features and three classes, shaped like an iris forest.</summary>
    public static SklearnRandomForest Iris { get; } = new(
        [
            new Split(2, 2.45f, new Leaf([1f, 0f, 0f]), new Split(3, 1.75f, new Leaf([0f, 0.9f, 0.1f]), new Leaf([0f, 0.05f, 0.95f]))),
            new Split(3, 0.8f, new Leaf([1f, 0f, 0f]), new Split(2, 4.95f, new Leaf([0f, 0.8f, 0.2f]), new Leaf([0f, 0.1f, 0.9f]))),
        ],
        [0, 1, 2],
        4);

    public byte[] ToOnnx()
    {
        var nodes = new TreeAttributes();
        for (var tree = 0; tree < Trees.Count; tree++)
        {
            nodes.Add(Trees[tree], tree, 1f / Trees.Count);
        }

        return new OnnxGraph("random_forest")
            .Input(InputName, OnnxType.Tensor(OnnxElementType.Float, [-1, Features]))
            .MlNode("TreeEnsembleClassifier", [InputName], [SklearnOutputs.Label, "probabilities"], [.. nodes.ToAttributes(), OnnxAttribute.Ints("classlabels_int64s", Classes), OnnxAttribute.String("post_transform", "NONE")])
            .MlNode("ZipMap", ["probabilities"], [SklearnOutputs.Probability], OnnxAttribute.Ints("classlabels_int64s", Classes))
            .Output(SklearnOutputs.Label, OnnxType.Tensor(OnnxElementType.Int64, [-1]))
            .Output(SklearnOutputs.Probability, OnnxType.SequenceOfMaps(OnnxElementType.Int64, OnnxElementType.Float))
            .ToModel();
    }

    /// <summary>The trees flattened into TreeEnsembleClassifier's parallel attribute arrays, nodes numbered in pre-order.</summary>
    private sealed class TreeAttributes
    {
        private readonly List<long> _treeIds = [], _nodeIds = [], _featureIds = [], _trueIds = [], _falseIds = [];
        private readonly List<string> _modes = [];
        private readonly List<float> _values = [];
        private readonly List<long> _classTreeIds = [], _classNodeIds = [], _classIds = [];
        private readonly List<float> _classWeights = [];

        public void Add(Node root, int tree, float weight) => Add(root, tree, weight, firstId: 0);

        public ProtoWriter[] ToAttributes() =>
        [
            OnnxAttribute.Ints("nodes_treeids", [.. _treeIds]),
            OnnxAttribute.Ints("nodes_nodeids", [.. _nodeIds]),
            OnnxAttribute.Ints("nodes_featureids", [.. _featureIds]),
            OnnxAttribute.Strings("nodes_modes", _modes),
            OnnxAttribute.Floats("nodes_values", [.. _values]),
            OnnxAttribute.Ints("nodes_truenodeids", [.. _trueIds]),
            OnnxAttribute.Ints("nodes_falsenodeids", [.. _falseIds]),
            OnnxAttribute.Ints("class_treeids", [.. _classTreeIds]),
            OnnxAttribute.Ints("class_nodeids", [.. _classNodeIds]),
            OnnxAttribute.Ints("class_ids", [.. _classIds]),
            OnnxAttribute.Floats("class_weights", [.. _classWeights]),
        ];

        /// <summary>Adds <paramref name="node"/> and its subtree; returns the next free node id of the tree.</summary>
        private long Add(Node node, int tree, float weight, long firstId)
        {
            var index = _nodeIds.Count;
            _treeIds.Add(tree);
            _nodeIds.Add(firstId);
            switch (node)
            {
                case Split split:
                    _featureIds.Add(split.Feature);
                    _modes.Add("BRANCH_LEQ");
                    _values.Add(split.Threshold);
                    _trueIds.Add(firstId + 1);
                    _falseIds.Add(0);
                    var otherwiseId = Add(split.IfLessOrEqual, tree, weight, firstId + 1);
                    _falseIds[index] = otherwiseId;
                    return Add(split.Otherwise, tree, weight, otherwiseId);
                case Leaf leaf:
                    _featureIds.Add(0);
                    _modes.Add("LEAF");
                    _values.Add(0);
                    _trueIds.Add(0);
                    _falseIds.Add(0);
                    for (var c = 0; c < leaf.ClassFractions.Length; c++)
                    {
                        _classTreeIds.Add(tree);
                        _classNodeIds.Add(firstId);
                        _classIds.Add(c);
                        _classWeights.Add(leaf.ClassFractions[c] * weight);
                    }

                    return firstId + 1;
                default:
                    throw new ArgumentException($"A tree node is a {nameof(Split)} or a {nameof(Leaf)}, not {node.GetType().Name}.", nameof(node));
            }
        }
    }
}
