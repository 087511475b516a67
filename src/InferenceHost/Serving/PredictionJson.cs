using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.InferenceHost.Serving;

/// <summary>Writes model outputs as JSON: nested arrays that follow each output tensor's shape.</summary>
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
            WriteTensor(writer, outputs[0], flattenColumn);
            return;
        }

        writer.WriteStartObject();
        for (var i = 0; i < outputs.Count; i++)
        {
            writer.WritePropertyName(names[i]);
            WriteTensor(writer, outputs[i], flattenColumn);
        }

        writer.WriteEndObject();
    }

    private static void WriteTensor(Utf8JsonWriter writer, OrtValue value, bool flattenColumn)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        if (flattenColumn && shape is [_, 1])
        {
            shape = [shape[0]];
        }

        switch (info.ElementDataType)
        {
            case TensorElementType.Float:
                Write(writer, value.GetTensorDataAsSpan<float>(), shape, static (w, v) => WriteReal(w, v));
                break;
            case TensorElementType.Double:
                Write(writer, value.GetTensorDataAsSpan<double>(), shape, static (w, v) => WriteReal(w, v));
                break;
            case TensorElementType.Int64:
                Write(writer, value.GetTensorDataAsSpan<long>(), shape, static (w, v) => w.WriteNumberValue(v));
                break;
            case TensorElementType.Int32:
                Write(writer, value.GetTensorDataAsSpan<int>(), shape, static (w, v) => w.WriteNumberValue(v));
                break;
            case TensorElementType.Bool:
                Write(writer, value.GetTensorDataAsSpan<bool>(), shape, static (w, v) => w.WriteBooleanValue(v));
                break;
            default:
                // The swap's validation refuses models with other output types; reaching here is a bug.
                throw new NotSupportedException($"Output type {info.ElementDataType} is not supported.");
        }
    }

    /// <summary>Output element types a model may have to be served.</summary>
    public static bool Supports(string dtype) => dtype is "float32" or "float64" or "int64" or "int32" or "bool";

    private delegate void WriteValue<T>(Utf8JsonWriter writer, T value);

    private static void Write<T>(Utf8JsonWriter writer, ReadOnlySpan<T> data, long[] shape, WriteValue<T> write)
    {
        if (shape.Length == 0)
        {
            write(writer, data[0]);
            return;
        }

        var offset = 0;
        WriteLevel(writer, data, shape, 0, ref offset, write);
    }

    private static void WriteLevel<T>(Utf8JsonWriter writer, ReadOnlySpan<T> data, long[] shape, int depth, ref int offset, WriteValue<T> write)
    {
        writer.WriteStartArray();
        for (long i = 0; i < shape[depth]; i++)
        {
            if (depth == shape.Length - 1)
            {
                write(writer, data[offset++]);
            }
            else
            {
                WriteLevel(writer, data, shape, depth + 1, ref offset, write);
            }
        }

        writer.WriteEndArray();
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
