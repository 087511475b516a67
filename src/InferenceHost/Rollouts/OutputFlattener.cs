using System.Buffers;
using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hotswap.InferenceHost.Rollouts;

/// <summary>
/// Flattens a run's output values into an <see cref="OutputVector"/>: tensors element by element, maps by their values,
/// sequences element by element. Real numbers are compared by difference; integers, booleans and strings are labels
/// (class ids, flags, names: a string by the hash of its text), compared by equality.
/// </summary>
internal sealed class OutputFlattener
{
    private double[] _values = ArrayPool<double>.Shared.Rent(64);
    private bool[] _labels = ArrayPool<bool>.Shared.Rent(64);
    private int _length;
    private bool _comparable = true;

    public static OutputVector Flatten(IReadOnlyList<OrtValue> outputs)
    {
        var flattener = new OutputFlattener();
        var rows = 1;
        var firstLength = 0;
        for (var i = 0; i < outputs.Count; i++)
        {
            flattener.Add(outputs[i]);
            if (i == 0)
            {
                firstLength = flattener._length;
                rows = RowsOf(outputs[0]);
            }
        }

        return new OutputVector(flattener._values, flattener._labels, flattener._length, rows, firstLength, flattener._comparable);
    }

    private static int RowsOf(OrtValue value) => value.OnnxType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR => value.GetTensorTypeAndShape().Shape is [var n, ..] && n > 0 ? (int)n : 1,
        OnnxValueType.ONNX_TYPE_SEQUENCE => Math.Max(1, value.GetValueCount()),
        _ => 1,
    };

    private void Add(OrtValue value)
    {
        switch (value.OnnxType)
        {
            case OnnxValueType.ONNX_TYPE_TENSOR:
                AddTensor(value);
                break;
            case OnnxValueType.ONNX_TYPE_SEQUENCE:
                for (var i = 0; i < value.GetValueCount(); i++)
                {
                    using var element = value.GetValue(i, OrtAllocator.DefaultInstance);
                    Add(element);
                }

                break;
            case OnnxValueType.ONNX_TYPE_MAP:
                using (var mapValues = value.GetValue(1, OrtAllocator.DefaultInstance))
                {
                    AddTensor(mapValues);
                }

                break;
            default:
                _comparable = false;
                break;
        }
    }

    private void AddTensor(OrtValue tensor)
    {
        var info = tensor.GetTensorTypeAndShape();
        var target = Grow((int)info.ElementCount, label: info.ElementDataType is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16 or TensorElementType.BFloat16));
        switch (info.ElementDataType)
        {
            case TensorElementType.Float: Widen(tensor.GetTensorDataAsSpan<float>(), target); break;
            case TensorElementType.Double: tensor.GetTensorDataAsSpan<double>().CopyTo(target); break;
            case TensorElementType.Float16: Widen(tensor.GetTensorDataAsSpan<Float16>(), target, static v => v.ToFloat()); break;
            case TensorElementType.BFloat16: Widen(tensor.GetTensorDataAsSpan<BFloat16>(), target, static v => v.ToFloat()); break;
            case TensorElementType.Int64: Widen(tensor.GetTensorDataAsSpan<long>(), target); break;
            case TensorElementType.Int32: Widen(tensor.GetTensorDataAsSpan<int>(), target); break;
            case TensorElementType.Int16: Widen(tensor.GetTensorDataAsSpan<short>(), target); break;
            case TensorElementType.Int8: Widen(tensor.GetTensorDataAsSpan<sbyte>(), target); break;
            case TensorElementType.UInt64: Widen(tensor.GetTensorDataAsSpan<ulong>(), target); break;
            case TensorElementType.UInt32: Widen(tensor.GetTensorDataAsSpan<uint>(), target); break;
            case TensorElementType.UInt16: Widen(tensor.GetTensorDataAsSpan<ushort>(), target); break;
            case TensorElementType.UInt8: Widen(tensor.GetTensorDataAsSpan<byte>(), target); break;
            case TensorElementType.Bool: Widen(tensor.GetTensorDataAsSpan<bool>(), target, static v => v ? 1f : 0f); break;
            case TensorElementType.String: Hash(tensor, target); break;
            default: _comparable = false; break;
        }
    }

    /// <summary>Makes room for <paramref name="count"/> more values, flagged as labels or numbers, and returns them.</summary>
    private Span<double> Grow(int count, bool label)
    {
        if (_length + count > _values.Length)
        {
            var size = Math.Max(_values.Length * 2, _length + count);
            Replace(ref _values, size);
            Replace(ref _labels, size);
        }

        _labels.AsSpan(_length, count).Fill(label);
        var target = _values.AsSpan(_length, count);
        _length += count;
        return target;
    }

    private void Replace<T>(ref T[] array, int size)
    {
        var larger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<T>.Shared.Return(array);
        array = larger;
    }

    private static void Hash(OrtValue tensor, Span<double> target)
    {
        for (var i = 0; i < target.Length; i++)
        {
            var hash = new HashCode();
            hash.AddBytes(tensor.GetStringElementAsSpan(i));
            target[i] = hash.ToHashCode();
        }
    }

    private static void Widen<T>(ReadOnlySpan<T> source, Span<double> target) where T : INumberBase<T>
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = double.CreateTruncating(source[i]);
        }
    }

    private static void Widen<T>(ReadOnlySpan<T> source, Span<double> target, Func<T, float> widen)
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = widen(source[i]);
        }
    }
}
