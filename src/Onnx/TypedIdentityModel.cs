namespace Hotswap.Onnx;

/// <summary>
/// One-node graphs over any canonical element type (float32 … string): input <c>x</c> → Identity (or Cast) → output
/// <c>y</c>, so tests can send every tensor type through a host and read the same values back.
/// </summary>
public static class TypedIdentityModel
{
    /// <summary>The canonical element-type names these graphs accept.</summary>
    public static IReadOnlyCollection<string> DTypes => OnnxElementType.Names;

    /// <summary><c>x</c> → Identity → <c>y</c>, both <paramref name="dtype"/> of <paramref name="shape"/> (-1 is a free dimension).</summary>
    public static byte[] ToOnnx(string dtype, long[] shape) =>
        new OnnxGraph($"identity_{dtype}")
            .Input("x", OnnxType.Tensor(OnnxElementType.Of(dtype), shape))
            .Node("Identity", ["x"], ["y"])
            .Output("y", OnnxType.Tensor(OnnxElementType.Of(dtype), shape))
            .ToModel();

    /// <summary><c>x</c> of <paramref name="from"/> → Cast → <c>y</c> of <paramref name="to"/>, same shape.</summary>
    public static byte[] ToOnnxWithCast(string from, string to, long[] shape) =>
        new OnnxGraph($"cast_{from}_to_{to}")
            .Input("x", OnnxType.Tensor(OnnxElementType.Of(from), shape))
            .Node("Cast", ["x"], ["y"], OnnxAttribute.Int("to", OnnxElementType.Of(to)))
            .Output("y", OnnxType.Tensor(OnnxElementType.Of(to), shape))
            .ToModel();
}
