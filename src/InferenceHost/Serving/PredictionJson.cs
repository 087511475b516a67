using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// Writes model outputs as JSON: a tensor as nested arrays that follow its shape (strings as JSON strings, booleans
/// as true/false, 16-bit floats as numbers), a map as an object keyed by its keys, a sequence as an array of its
/// elements; so skl2onnx's ZipMap (<c>seq(map(int64,float32))</c>) is an array of objects keyed by class label, the
/// way MLflow's pyfunc returns probabilities.
/// </summary>
public static class PredictionJson
{
    /// <summary>
    /// One output as nested arrays, or several as an object by name. With <paramref name="flattenColumn"/> an
    /// [N, 1] output is written as a flat list of N values, the way the seed client reads predictions.
    /// </summary>
    public static void WriteOutputs(Utf8JsonWriter writer, IReadOnlyList<OrtValue> outputs, string[] names, bool flattenColumn)
    {
        if (outputs.Count == 1)
        {
            WriteValue(writer, outputs[0], flattenColumn);
            return;
        }

        writer.WriteStartObject();
        for (var i = 0; i < outputs.Count; i++)
        {
            writer.WritePropertyName(names[i]);
            WriteValue(writer, outputs[i], flattenColumn);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, OrtValue value, bool flattenColumn)
    {
        switch (value.OnnxType)
        {
            case OnnxValueType.ONNX_TYPE_TENSOR:
                WriteTensor(writer, value, flattenColumn, keys: null);
                break;
            case OnnxValueType.ONNX_TYPE_SEQUENCE:
                WriteSequence(writer, value);
                break;
            case OnnxValueType.ONNX_TYPE_MAP:
                WriteMap(writer, value);
                break;
            default:
                // The swap's validation refuses models with other output types (ValueTypes); reaching here is a bug.
                throw new NotSupportedException($"Output values of type {value.OnnxType} are not supported.");
        }
    }

    private static void WriteSequence(Utf8JsonWriter writer, OrtValue sequence)
    {
        writer.WriteStartArray();
        var count = sequence.GetValueCount();
        for (var i = 0; i < count; i++)
        {
            using var element = sequence.GetValue(i, OrtAllocator.DefaultInstance);
            WriteValue(writer, element, flattenColumn: false);
        }

        writer.WriteEndArray();
    }

    /// <summary>A map as an object: its keys (int64 or string) as names, its values written like a vector's.</summary>
    private static void WriteMap(Utf8JsonWriter writer, OrtValue map)
    {
        using var keys = map.GetValue(0, OrtAllocator.DefaultInstance);
        using var values = map.GetValue(1, OrtAllocator.DefaultInstance);
        WriteTensor(writer, values, flattenColumn: false, KeyNames(keys));
    }

    internal static string[] KeyNames(OrtValue keys) => keys.GetTensorTypeAndShape().ElementDataType == TensorElementType.String
        ? keys.GetStringTensorAsArray()
        : [.. keys.GetTensorDataAsSpan<long>().ToArray().Select(k => k.ToString(CultureInfo.InvariantCulture))];

    /// <summary>A tensor as nested arrays; with <paramref name="keys"/>, a vector as an object of those names.</summary>
    private static void WriteTensor(Utf8JsonWriter writer, OrtValue value, bool flattenColumn, string[]? keys)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = keys is null ? info.Shape : [keys.Length];
        if (flattenColumn && shape is [_, 1])
        {
            shape = [shape[0]];
        }

        switch (info.ElementDataType)
        {
            case TensorElementType.Float:
                Write(writer, value.GetTensorDataAsSpan<float>(), shape, keys, static (w, v) => WriteReal(w, v));
                break;
            case TensorElementType.Double:
                Write(writer, value.GetTensorDataAsSpan<double>(), shape, keys, static (w, v) => WriteReal(w, v));
                break;
            case TensorElementType.Float16:
                Write(writer, value.GetTensorDataAsSpan<Float16>(), shape, keys, static (w, v) => WriteReal(w, v.ToFloat()));
                break;
            case TensorElementType.BFloat16:
                Write(writer, value.GetTensorDataAsSpan<BFloat16>(), shape, keys, static (w, v) => WriteReal(w, v.ToFloat()));
                break;
            case TensorElementType.Int64: Signed<long>(writer, value, shape, keys); break;
            case TensorElementType.Int32: Signed<int>(writer, value, shape, keys); break;
            case TensorElementType.Int16: Signed<short>(writer, value, shape, keys); break;
            case TensorElementType.Int8: Signed<sbyte>(writer, value, shape, keys); break;
            case TensorElementType.UInt64: Unsigned<ulong>(writer, value, shape, keys); break;
            case TensorElementType.UInt32: Unsigned<uint>(writer, value, shape, keys); break;
            case TensorElementType.UInt16: Unsigned<ushort>(writer, value, shape, keys); break;
            case TensorElementType.UInt8: Unsigned<byte>(writer, value, shape, keys); break;
            case TensorElementType.Bool:
                Write(writer, value.GetTensorDataAsSpan<bool>(), shape, keys, static (w, v) => w.WriteBooleanValue(v));
                break;
            case TensorElementType.String:
                Write<string>(writer, value.GetStringTensorAsArray(), shape, keys, static (w, v) => w.WriteStringValue(v));
                break;
            default:
                // The swap's validation refuses models with other output types (ValueTypes); reaching here is a bug.
                throw new NotSupportedException($"Output type {info.ElementDataType} is not supported.");
        }
    }

    private static void Signed<T>(Utf8JsonWriter writer, OrtValue value, long[] shape, string[]? keys)
        where T : unmanaged, IBinaryInteger<T> =>
        Write(writer, value.GetTensorDataAsSpan<T>(), shape, keys, static (w, v) => w.WriteNumberValue(long.CreateTruncating(v)));

    private static void Unsigned<T>(Utf8JsonWriter writer, OrtValue value, long[] shape, string[]? keys)
        where T : unmanaged, IBinaryInteger<T> =>
        Write(writer, value.GetTensorDataAsSpan<T>(), shape, keys, static (w, v) => w.WriteNumberValue(ulong.CreateTruncating(v)));

    private delegate void WriteElement<T>(Utf8JsonWriter writer, T value);

    private static void Write<T>(Utf8JsonWriter writer, ReadOnlySpan<T> data, long[] shape, string[]? keys, WriteElement<T> write)
    {
        if (shape.Length == 0)
        {
            write(writer, data[0]);
            return;
        }

        var offset = 0;
        WriteLevel(writer, data, shape, 0, ref offset, keys, write);
    }

    private static void WriteLevel<T>(Utf8JsonWriter writer, ReadOnlySpan<T> data, long[] shape, int depth, ref int offset, string[]? keys, WriteElement<T> write)
    {
        if (keys is null)
        {
            writer.WriteStartArray();
        }
        else
        {
            writer.WriteStartObject();
        }

        for (long i = 0; i < shape[depth]; i++)
        {
            if (keys is not null)
            {
                writer.WritePropertyName(keys[i]);
            }

            if (depth == shape.Length - 1)
            {
                write(writer, data[offset++]);
            }
            else
            {
                WriteLevel(writer, data, shape, depth + 1, ref offset, keys, write);
            }
        }

        if (keys is null)
        {
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteEndObject();
        }
    }

    // JSON has no NaN or Infinity: they are written as the strings .NET's named literals use.
    private static void WriteReal(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteReal(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteReal(writer, (double)value);
        }
    }
}
