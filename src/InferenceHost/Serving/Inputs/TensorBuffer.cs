using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>The values of one input tensor as they are read, in pooled memory of the input's element type.</summary>
public abstract class TensorBuffer : IDisposable
{
    public int Count { get; protected set; }

    /// <summary>Appends a JSON number; false when it does not fit the element type.</summary>
    public abstract bool TryAppend(ref System.Text.Json.Utf8JsonReader reader);

    public abstract OrtValue ToOrtValue(long[] shape);

    public abstract void Dispose();

    public static TensorBuffer For(string dtype) => dtype switch
    {
        "float32" => new Of<float>(static (ref r, out v) => { var ok = r.TryGetDouble(out var d); v = (float)d; return ok && float.IsFinite(v); }),
        "float64" => new Of<double>(static (ref r, out v) => r.TryGetDouble(out v) && double.IsFinite(v)),
        "int64" => new Of<long>(static (ref r, out v) => r.TryGetInt64(out v)),
        "int32" => new Of<int>(static (ref r, out v) => r.TryGetInt32(out v)),
        _ => throw new NotSupportedException($"inputs of type {dtype} are not supported"),
    };

    public static bool Supports(string dtype) => dtype is "float32" or "float64" or "int64" or "int32";

    private delegate bool Parse<T>(ref System.Text.Json.Utf8JsonReader reader, out T value);

    private sealed class Of<T>(Parse<T> parse) : TensorBuffer
        where T : unmanaged
    {
        private T[] _values = ArrayPool<T>.Shared.Rent(64);

        public override bool TryAppend(ref System.Text.Json.Utf8JsonReader reader)
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
}
