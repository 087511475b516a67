using Hotswap.Onnx;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// The ONNX value types this host serves, as the signature spells them: tensors of every element type below as
/// inputs and outputs, and as outputs also maps with int64 or string keys (<c>map(int64,float32)</c>), sequences of
/// maps (skl2onnx's ZipMap, <c>seq(map(int64,float32))</c>) and sequences of tensors (<c>seq(tensor(float32))</c>).
/// Anything else (complex numbers, sequences of sequences, optional values) is refused when a version loads.
/// </summary>
public static class ValueTypes
{
    /// <summary>Every tensor element type served, in the signature's spelling.</summary>
    public static readonly string[] Elements = [.. OnnxSignature.ElementTypes.Select(e => e.Name)];

    public static bool IsElement(string dtype) => Array.IndexOf(Elements, dtype) >= 0;

    public static bool IsServedInput(string type) => IsElement(type);

    public static bool IsServedOutput(string type) =>
        IsElement(type) || IsMap(type) || (Inside(type, "seq(") is { } element && (IsMap(element) || (Inside(element, "tensor(") is { } tensor && IsElement(tensor))));

    private static bool IsMap(string type) =>
        Inside(type, "map(") is { } pair && pair.Split(',') is [var key and ("int64" or "string"), var value] && IsElement(value);

    private static string? Inside(string type, string opening) =>
        type.StartsWith(opening, StringComparison.Ordinal) && type.EndsWith(')') ? type[opening.Length..^1] : null;
}
