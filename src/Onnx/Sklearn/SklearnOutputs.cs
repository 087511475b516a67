namespace Hotswap.Onnx;

/// <summary>The output names skl2onnx gives every classifier.</summary>
public static class SklearnOutputs
{
    /// <summary>int64 [-1]: the predicted class of each row.</summary>
    public const string Label = "output_label";

    /// <summary>seq(map(int64, tensor(float))): each row's probability per class label, from ZipMap.</summary>
    public const string Probability = "output_probability";
}
