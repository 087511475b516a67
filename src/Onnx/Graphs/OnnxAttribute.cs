namespace Hotswap.Onnx;

/// <summary>ONNX <c>AttributeProto</c> messages of each type the generated graphs use.</summary>
internal static class OnnxAttribute
{
    public static ProtoWriter Int(string name, long value) => new ProtoWriter().String(1, name).Int(3, value).Int(20, 2);

    public static ProtoWriter Float(string name, float value) => new ProtoWriter().String(1, name).Float(2, value).Int(20, 1);

    public static ProtoWriter String(string name, string value) => new ProtoWriter().String(1, name).String(4, value).Int(20, 3);

    public static ProtoWriter Floats(string name, ReadOnlySpan<float> values) => new ProtoWriter().String(1, name).Floats(7, values).Int(20, 6);

    public static ProtoWriter Ints(string name, ReadOnlySpan<long> values) => new ProtoWriter().String(1, name).Ints(8, values).Int(20, 7);

    public static ProtoWriter Strings(string name, IEnumerable<string> values) => new ProtoWriter().String(1, name).Strings(9, values).Int(20, 8);
}
