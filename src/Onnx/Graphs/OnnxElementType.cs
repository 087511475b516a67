using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.Onnx;

/// <summary>The ONNX <c>TensorProto.DataType</c> number of each canonical element-type name.</summary>
internal static class OnnxElementType
{
    public const int Float = (int)TensorElementType.Float;
    public const int Int64 = (int)TensorElementType.Int64;
    public const int String = (int)TensorElementType.String;

    private static readonly Dictionary<string, int> Numbers =
        OnnxSignature.ElementTypes.ToDictionary(e => e.Name, e => (int)e.Type, StringComparer.Ordinal);

    /// <summary>Every canonical element-type name, in the order <see cref="OnnxSignature.ElementTypes"/> lists them.</summary>
    public static IReadOnlyCollection<string> Names { get; } = [.. OnnxSignature.ElementTypes.Select(e => e.Name)];

    public static int Of(string dtype) =>
        Numbers.TryGetValue(dtype, out var number)
            ? number
            : throw new ArgumentException($"'{dtype}' is not a canonical element type ({string.Join(", ", Names)}).", nameof(dtype));
}
