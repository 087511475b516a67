namespace Hotswap.Onnx;

/// <summary>
/// A scikit-learn LogisticRegression (one-vs-rest) as skl2onnx exports it by default: <c>float_input</c> float32
/// [-1, features] → LinearClassifier (post_transform LOGISTIC) → Normalizer (L1) → ZipMap, with the label cast to
/// int64. Outputs: <c>output_label</c> int64 [-1] and <c>output_probability</c> seq(map(int64, tensor(float))).
/// </summary>
/// <param name="Coefficients">Row-major [classes, features]: one row of weights per class.</param>
/// <param name="Intercepts">One per class.</param>
/// <param name="Classes">The class labels, in the order of the rows.</param>
public sealed record SklearnLogisticRegression(float[] Coefficients, float[] Intercepts, long[] Classes)
{
    public const string InputName = "float_input";

    /// <summary>Three classes over four features, shaped like an iris classifier.</summary>
    public static SklearnLogisticRegression Iris { get; } = new(
        [0.4f, 1.4f, -2.2f, -1.0f, 0.4f, -1.6f, 0.5f, -1.3f, -1.7f, -1.5f, 2.4f, 2.5f],
        [0.3f, 1.1f, -1.4f],
        [0, 1, 2]);

    public int Features => Coefficients.Length / Classes.Length;

    public byte[] ToOnnx() =>
        new OnnxGraph("logistic_regression")
            .Input(InputName, OnnxType.Tensor(OnnxElementType.Float, [-1, Features]))
            .MlNode(
                "LinearClassifier",
                [InputName],
                ["label", "probability_tensor"],
                OnnxAttribute.Floats("coefficients", Coefficients),
                OnnxAttribute.Floats("intercepts", Intercepts),
                OnnxAttribute.Ints("classlabels_ints", Classes),
                OnnxAttribute.Int("multi_class", 0),
                OnnxAttribute.String("post_transform", "LOGISTIC"))
            .MlNode("Normalizer", ["probability_tensor"], ["probabilities"], OnnxAttribute.String("norm", "L1"))
            .Node("Cast", ["label"], [SklearnOutputs.Label], OnnxAttribute.Int("to", OnnxElementType.Int64))
            .MlNode("ZipMap", ["probabilities"], [SklearnOutputs.Probability], OnnxAttribute.Ints("classlabels_int64s", Classes))
            .Output(SklearnOutputs.Label, OnnxType.Tensor(OnnxElementType.Int64, [-1]))
            .Output(SklearnOutputs.Probability, OnnxType.SequenceOfMaps(OnnxElementType.Int64, OnnxElementType.Float))
            .ToModel();
}
