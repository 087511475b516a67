using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>
/// The values of one input tensor as they are read from JSON, in the input's element type: numbers
/// (<see cref="NumericBuffer{T}"/>), true/false (a <see cref="NumericBuffer{T}"/> of bool) or strings
/// (<see cref="StringBuffer"/>).
/// </summary>
public abstract class TensorBuffer : IDisposable
{
    private readonly int _tokens;

    protected TensorBuffer(params ReadOnlySpan<JsonTokenType> tokens)
    {
        foreach (var token in tokens)
        {
            _tokens |= 1 << (int)token;
        }
    }

    public int Count { get; protected set; }

    /// <summary>What a value of this buffer is, for messages (derived rather than stored: a float32 request's buffer stays as small as it was).</summary>
    public string Expects => Takes(JsonTokenType.String) ? "a string" : Takes(JsonTokenType.True) ? "true or false" : "a number";

    /// <summary>Whether a JSON value of this kind can be one of the values (it may still be out of range).</summary>
    public bool Takes(JsonTokenType token) => (_tokens & (1 << (int)token)) != 0;

    /// <summary>Appends the reader's value, of a kind this buffer <see cref="Takes"/>; false when it does not fit the element type.</summary>
    public abstract bool TryAppend(ref Utf8JsonReader reader);

    public abstract OrtValue ToOrtValue(long[] shape);

    public abstract void Dispose();

    public static TensorBuffer For(string dtype) => dtype switch
    {
        "float32" => new NumericBuffer<float>(static (ref r, out v) => { var ok = r.TryGetDouble(out var d); v = (float)d; return ok && float.IsFinite(v); }),
        "float64" => new NumericBuffer<double>(static (ref r, out v) => r.TryGetDouble(out v) && double.IsFinite(v)),
        "float16" => Narrowed(static f => (Float16)f, static h => h.ToFloat()),
        "bfloat16" => Narrowed(static f => (BFloat16)f, static h => h.ToFloat()),
        "int64" => new NumericBuffer<long>(static (ref r, out v) => r.TryGetInt64(out v)),
        "int32" => new NumericBuffer<int>(static (ref r, out v) => r.TryGetInt32(out v)),
        "int16" => new NumericBuffer<short>(static (ref r, out v) => r.TryGetInt16(out v)),
        "int8" => new NumericBuffer<sbyte>(static (ref r, out v) => r.TryGetSByte(out v)),
        "uint64" => new NumericBuffer<ulong>(static (ref r, out v) => r.TryGetUInt64(out v)),
        "uint32" => new NumericBuffer<uint>(static (ref r, out v) => r.TryGetUInt32(out v)),
        "uint16" => new NumericBuffer<ushort>(static (ref r, out v) => r.TryGetUInt16(out v)),
        "uint8" => new NumericBuffer<byte>(static (ref r, out v) => r.TryGetByte(out v)),
        "bool" => new NumericBuffer<bool>(ReadBool, JsonTokenType.True, JsonTokenType.False, JsonTokenType.Number),
        "string" => new StringBuffer(),
        _ => throw new NotSupportedException($"inputs of type {dtype} are not supported"),
    };

    /// <summary>A 16-bit float read as a double, refused when it overflows the narrower type.</summary>
    private static NumericBuffer<T> Narrowed<T>(Func<float, T> narrow, Func<T, float> widen)
        where T : unmanaged =>
        new((ref r, out v) =>
        {
            var ok = r.TryGetDouble(out var d);
            v = narrow((float)d);
            return ok && float.IsFinite(widen(v));
        });

    /// <summary>A boolean: true or false, or (as pandas writes booleans it has widened) the numbers 0 and 1.</summary>
    private static bool ReadBool(ref Utf8JsonReader reader, out bool value)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            value = reader.TokenType == JsonTokenType.True;
            return true;
        }

        var isBit = reader.TryGetInt32(out var number) && number is 0 or 1;
        value = number == 1;
        return isBit;
    }
}
