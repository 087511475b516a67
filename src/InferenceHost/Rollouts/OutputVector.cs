using System.Buffers;
using System.Numerics;
using Hotswap.InferenceHost.Serving.Outputs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// A run's outputs as one flat vector of doubles in pooled memory, every output in signature order, with the shape of
/// the first: what a comparison of two versions' answers needs once the run's own buffers are gone.
/// </summary>
public sealed class OutputVector : IDisposable
{
    private double[] _values;

    private OutputVector(double[] values, int length, int rows, int firstLength)
    {
        _values = values;
        Length = length;
        Rows = rows;
        FirstLength = firstLength;
    }

    public int Length { get; }

    /// <summary>Rows of the first output (its first dimension).</summary>
    public int Rows { get; }

    /// <summary>Values of the first output.</summary>
    public int FirstLength { get; }

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Length);

    public static OutputVector Copy(RunOutputs outputs)
    {
        var length = 0;
        foreach (var output in outputs.Values)
        {
            length += (int)output.GetTensorTypeAndShape().ElementCount;
        }

        var values = ArrayPool<double>.Shared.Rent(Math.Max(1, length));
        var at = 0;
        var firstLength = 0;
        var rows = 1;
        for (var i = 0; i < outputs.Values.Count; i++)
        {
            var output = outputs.Values[i];
            var info = output.GetTensorTypeAndShape();
            var target = values.AsSpan(at, (int)info.ElementCount);
            switch (info.ElementDataType)
            {
                case TensorElementType.Float: Widen(output.GetTensorDataAsSpan<float>(), target); break;
                case TensorElementType.Double: output.GetTensorDataAsSpan<double>().CopyTo(target); break;
                case TensorElementType.Int64: Widen(output.GetTensorDataAsSpan<long>(), target); break;
                case TensorElementType.Int32: Widen(output.GetTensorDataAsSpan<int>(), target); break;
                case TensorElementType.Bool: Widen(output.GetTensorDataAsSpan<bool>(), target); break;
                default: throw new NotSupportedException($"Output type {info.ElementDataType} is not supported.");
            }

            if (i == 0)
            {
                firstLength = target.Length;
                rows = info.Shape is [var n, ..] && n > 0 ? (int)n : 1;
            }

            at += target.Length;
        }

        return new OutputVector(values, length, rows, firstLength);
    }

    /// <summary>
    /// How <paramref name="other"/> differs from this: mean and max absolute difference over every value, and whether
    /// every row of the first output agrees (the same argmax when a row has several values, within
    /// <paramref name="tolerance"/> when it has one). Null when the two are not shaped alike.
    /// </summary>
    public Comparison? CompareWith(OutputVector other, double tolerance)
    {
        if (other.Length != Length || other.Rows != Rows || other.FirstLength != FirstLength || Length == 0)
        {
            return null;
        }

        var a = Values;
        var b = other.Values;
        double sum = 0, max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var diff = Math.Abs(a[i] - b[i]);
            sum += diff;
            max = Math.Max(max, double.IsNaN(diff) ? double.PositiveInfinity : diff);
        }

        var width = FirstLength / Math.Max(1, Rows);
        var agreed = true;
        for (var row = 0; row < Rows && agreed; row++)
        {
            var x = a.Slice(row * width, width);
            var y = b.Slice(row * width, width);
            agreed = width == 1 ? Math.Abs(x[0] - y[0]) <= tolerance : ArgMax(x) == ArgMax(y);
        }

        return new Comparison(sum / a.Length, max, agreed);
    }

    public void Dispose()
    {
        ArrayPool<double>.Shared.Return(_values);
        _values = [];
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static void Widen<T>(ReadOnlySpan<T> source, Span<double> target) where T : INumberBase<T>
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = double.CreateTruncating(source[i]);
        }
    }

    private static void Widen(ReadOnlySpan<bool> source, Span<double> target)
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = source[i] ? 1 : 0;
        }
    }
}
