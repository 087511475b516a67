using Hotswap.Contracts.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.Onnx;

/// <summary>
/// Reads a loaded model's inputs and outputs as an MLflow-style signature. Tensors get their canonical element name
/// (<c>float32</c>, <c>string</c>, …); other values are spelled as ONNX does, with canonical names inside:
/// <c>seq(map(int64,float32))</c>, <c>seq(tensor(float32))</c>, <c>map(string,float32)</c>.
/// </summary>
public static class OnnxSignature
{
    public static ModelSignature Read(InferenceSession session) =>
        new(Specs(session.InputMetadata), Specs(session.OutputMetadata));

    /// <summary>
    /// Every tensor element type by its canonical name: the one table the signature reader, the graph generator (ONNX's
    /// <c>TensorProto.DataType</c> numbers are these enum values) and the host's list of served types read.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, TensorElementType Type)> ElementTypes =
    [
        ("float32", TensorElementType.Float), ("float64", TensorElementType.Double), ("float16", TensorElementType.Float16),
        ("bfloat16", TensorElementType.BFloat16), ("int8", TensorElementType.Int8), ("int16", TensorElementType.Int16),
        ("int32", TensorElementType.Int32), ("int64", TensorElementType.Int64), ("uint8", TensorElementType.UInt8),
        ("uint16", TensorElementType.UInt16), ("uint32", TensorElementType.UInt32), ("uint64", TensorElementType.UInt64),
        ("bool", TensorElementType.Bool), ("string", TensorElementType.String),
    ];

    /// <summary>The canonical dtype name of an ONNX tensor element type.</summary>
    public static string DTypeOf(TensorElementType type)
    {
        foreach (var (name, known) in ElementTypes)
        {
            if (known == type)
            {
                return name;
            }
        }

        return type.ToString().ToLowerInvariant();
    }

    /// <summary>The type of a value as the signature spells it: the element type of a tensor, or the ONNX spelling of a sequence or map.</summary>
    public static string TypeOf(NodeMetadata metadata) => metadata.OnnxValueType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR => DTypeOf(metadata.ElementDataType),
        OnnxValueType.ONNX_TYPE_SEQUENCE => $"seq({Nested(metadata.AsSequenceMetadata().ElementMeta)})",
        OnnxValueType.ONNX_TYPE_MAP => $"map({DTypeOf(metadata.AsMapMetadata().KeyDataType)},{TypeOf(metadata.AsMapMetadata().ValueMetadata)})",
        _ => metadata.OnnxValueType.ToString().ToLowerInvariant(),
    };

    /// <summary>An element of a sequence: a tensor is written <c>tensor(float32)</c> (a map's value is its element type alone).</summary>
    private static string Nested(NodeMetadata metadata) => metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR
        ? $"tensor({DTypeOf(metadata.ElementDataType)})"
        : TypeOf(metadata);

    private static TensorSpec[] Specs(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        [.. metadata.Select(m => new TensorSpec(
            m.Key,
            TypeOf(m.Value),
            m.Value.IsTensor ? m.Value.Dimensions.Select(d => d < 0 ? -1L : d).ToArray() : []))];
}
