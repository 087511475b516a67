using Hotswap.Contracts.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.Onnx;

/// <summary>Reads a loaded model's inputs and outputs as an MLflow-style signature.</summary>
public static class OnnxSignature
{
    public static ModelSignature Read(InferenceSession session) =>
        new(Specs(session.InputMetadata), Specs(session.OutputMetadata));

    /// <summary>The MLflow dtype name of an ONNX tensor element type.</summary>
    public static string DTypeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int16 => "int16",
        TensorElementType.Int8 => "int8",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "str",
        TensorElementType.Float16 => "float16",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static TensorSpec[] Specs(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        [.. metadata.Select(m => new TensorSpec(
            m.Key,
            m.Value.IsTensor ? DTypeOf(m.Value.ElementDataType) : m.Value.OnnxValueType.ToString().ToLowerInvariant(),
            m.Value.IsTensor ? m.Value.Dimensions.Select(d => d < 0 ? -1L : d).ToArray() : []))];
}
