namespace Hotswap.Onnx;

/// <summary>The ONNX <c>TensorProto.DataType</c> number of each canonical element-type name.</summary>
internal static class OnnxElementType
{
    public const int Float = 1;
    public const int Int64 = 7;
    public const int String = 8;

    private static readonly Dictionary<string, int> Numbers = new(StringComparer.Ordinal)
    {
        ["float32"] = Float,
        ["uint8"] = 2,
        ["int8"] = 3,
        ["uint16"] = 4,
        ["int16"] = 5,
        ["int32"] = 6,
        ["int64"] = Int64,
        ["string"] = String,
        ["bool"] = 9,
        ["float16"] = 10,
        ["float64"] = 11,
        ["uint32"] = 12,
        ["uint64"] = 13,
        ["bfloat16"] = 16,
    };

    /// <summary>Every canonical element-type name, in the order the contracts list them.</summary>
    public static IReadOnlyCollection<string> Names => Numbers.Keys;

    public static int Of(string dtype) =>
        Numbers.TryGetValue(dtype, out var number)
            ? number
            : throw new ArgumentException($"'{dtype}' is not a canonical element type ({string.Join(", ", Numbers.Keys)}).", nameof(dtype));
}
