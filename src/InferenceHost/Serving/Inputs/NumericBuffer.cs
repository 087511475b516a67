using System.Buffers;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>Reads one JSON value into <typeparamref name="T"/>; false when it does not fit.</summary>
public delegate bool ParseElement<T>(ref Utf8JsonReader reader, out T value);

/// <summary>
/// Values of a fixed-size element type in pooled memory, handed to ONNX Runtime without a copy. Float32 requests go
/// through here with no allocation beyond the pool.
/// </summary>
public sealed class NumericBuffer<T>(ParseElement<T> parse, params ReadOnlySpan<JsonTokenType> tokens) : TensorBuffer(tokens)
    where T : unmanaged
{
    private T[] _values = ArrayPool<T>.Shared.Rent(64);

    public NumericBuffer(ParseElement<T> parse)
        : this(parse, JsonTokenType.Number)
    {
    }

    public override bool TryAppend(ref Utf8JsonReader reader)
    {
        if (!parse(ref reader, out var value))
        {
            return false;
        }

        if (Count == _values.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(_values.Length * 2);
            _values.AsSpan().CopyTo(larger);
            ArrayPool<T>.Shared.Return(_values);
            _values = larger;
        }

        _values[Count++] = value;
        return true;
    }

    public override OrtValue ToOrtValue(long[] shape) =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _values.AsMemory(0, Count), shape);

    public override void Dispose()
    {
        ArrayPool<T>.Shared.Return(_values);
        _values = [];
    }
}
