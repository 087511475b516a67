namespace Hotswap.Onnx;

/// <summary>ONNX <c>TypeProto</c> messages: tensors with free (named) or fixed dimensions, sequences of maps.</summary>
internal static class OnnxType
{
    /// <summary>A tensor type; a dimension of -1 is free and named (<c>batch</c> first, then <c>dim1</c>, <c>dim2</c>, …).</summary>
    public static ProtoWriter Tensor(int elementType, ReadOnlySpan<long> shape)
    {
        var dims = new ProtoWriter();
        for (var i = 0; i < shape.Length; i++)
        {
            dims.Message(1, shape[i] < 0 ? new ProtoWriter().String(2, i == 0 ? "batch" : $"dim{i}") : new ProtoWriter().Int(1, shape[i]));
        }

        return new ProtoWriter().Message(1, new ProtoWriter().Int(1, elementType).Message(2, dims));
    }

    /// <summary>A tensor type of unknown shape, as map values are.</summary>
    public static ProtoWriter Tensor(int elementType) => new ProtoWriter().Message(1, new ProtoWriter().Int(1, elementType));

    /// <summary><c>seq(map(key, tensor(value)))</c>: what ZipMap produces.</summary>
    public static ProtoWriter SequenceOfMaps(int keyType, int valueType)
    {
        var map = new ProtoWriter().Int(1, keyType).Message(2, Tensor(valueType));
        return new ProtoWriter().Message(4, new ProtoWriter().Message(1, new ProtoWriter().Message(5, map)));
    }
}
