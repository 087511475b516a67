using System.Buffers;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Outputs;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// A run's outputs as one flat vector in pooled memory, every output in signature order, with the shape of the first:
/// what a comparison of two versions' answers needs once the run's own buffers are gone. Numbers of every element type
/// are kept as doubles: real numbers are compared by difference; integers, booleans and strings (by a hash of their
/// text) are labels, compared only by equality. A map counts by its values in key order, so skl2onnx's ZipMap is
/// compared by its probabilities; a sequence by its elements in order (<see cref="OutputFlattener"/>). A value of a
/// type not read here makes the vector <see cref="Comparable"/> false rather than failing.
/// </summary>
public sealed class OutputVector : IDisposable
{
    /// <summary>The largest difference one value can make (10^12): finite, and far above any drift limit.</summary>
    public const double MaxDifference = 1e12;

    private double[] _values;
    private bool[] _labels;

    internal OutputVector(double[] values, bool[] labels, int length, int rows, int firstLength, bool comparable)
    {
        _values = values;
        _labels = labels;
        Length = length;
        Rows = rows;
        FirstLength = firstLength;
        Comparable = comparable;
    }

    public int Length { get; }

    /// <summary>Rows of the first output (its first dimension, or its elements when it is a sequence).</summary>
    public int Rows { get; }

    /// <summary>Values of the first output.</summary>
    public int FirstLength { get; }

    /// <summary>False when an output has a type that cannot be compared; such a request is counted as not compared.</summary>
    public bool Comparable { get; }

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Length);

    /// <summary>Which values are labels (integers, booleans, strings as a hash of their text): equal or not, with no difference.</summary>
    public ReadOnlySpan<bool> Labels => _labels.AsSpan(0, Length);

    public static OutputVector Copy(RunOutputs outputs) => OutputFlattener.Flatten(outputs.Values);

    /// <summary>
    /// How <paramref name="other"/> differs from this: mean and max absolute difference over every real number, and whether
    /// every row of the first output agrees (equal labels; the same argmax when a row has several numbers, within
    /// <paramref name="tolerance"/> when it has one). Null when the two are not shaped (or typed) alike.
    /// </summary>
    public Comparison? CompareWith(OutputVector other, double tolerance)
    {
        if (other.Length != Length || other.Rows != Rows || other.FirstLength != FirstLength || Length == 0 || !Labels.SequenceEqual(other.Labels))
        {
            return null;
        }

        var a = Values;
        var b = other.Values;
        var labels = Labels;
        double sum = 0, max = 0;
        var numbers = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (labels[i])
            {
                continue;
            }

            var diff = Difference(a[i], b[i]);
            sum += diff;
            numbers++;
            max = Math.Max(max, diff);
        }

        var width = FirstLength / Math.Max(1, Rows);
        var agreed = true;
        for (var row = 0; row < Rows && agreed; row++)
        {
            var x = a.Slice(row * width, width);
            var y = b.Slice(row * width, width);
            agreed = labels[row * width] ? x.SequenceEqual(y)
                : !NonFiniteMismatch(x, y) && (width == 1 ? Difference(x[0], y[0]) <= tolerance : ArgMax(x) == ArgMax(y));
        }

        return new Comparison(numbers == 0 ? 0 : sum / numbers, max, agreed);
    }

    public void Dispose()
    {
        ArrayPool<double>.Shared.Return(_values);
        ArrayPool<bool>.Shared.Return(_labels);
        _values = [];
        _labels = [];
    }

    /// <summary>
    /// How far apart two numbers are, never NaN nor infinite, so no request can poison a window's sums: a non-finite
    /// value against a number, or against a different non-finite value, is <see cref="MaxDifference"/> (the versions
    /// disagree without bound); the same non-finite value on both sides (both +inf, both -inf, both NaN) differs by 0.
    /// Numbers further apart than <see cref="MaxDifference"/> count as that far.
    /// </summary>
    public static double Difference(double x, double y) =>
        double.IsFinite(x) && double.IsFinite(y) ? Math.Min(Math.Abs(x - y), MaxDifference)
        : x.Equals(y) ? 0
        : MaxDifference;

    /// <summary>Whether one side of a row holds a non-finite value the other does not: a disagreement, whatever the argmax.</summary>
    private static bool NonFiniteMismatch(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (!(double.IsFinite(x[i]) && double.IsFinite(y[i])) && !x[i].Equals(y[i]))
            {
                return true;
            }
        }

        return false;
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
}
