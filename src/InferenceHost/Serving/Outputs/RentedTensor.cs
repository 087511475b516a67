using System.Buffers;
using System.Collections.Frozen;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Outputs;

/// <summary>Pooled memory for one output tensor, handed to ONNX Runtime to write the run's result into.</summary>
internal abstract class RentedTensor : IDisposable
{
    public OrtValue Value { get; protected init; } = null!;

    // Every fixed-size element type; strings (and values that are not tensors) are left to ONNX Runtime's allocation.
    private static readonly FrozenDictionary<string, Func<long[], RentedTensor>> Kinds = new Dictionary<string, Func<long[], RentedTensor>>
    {
        ["float32"] = static shape => new Of<float>(shape),
        ["float64"] = static shape => new Of<double>(shape),
        ["float16"] = static shape => new Of<Float16>(shape),
        ["bfloat16"] = static shape => new Of<BFloat16>(shape),
        ["int64"] = static shape => new Of<long>(shape),
        ["int32"] = static shape => new Of<int>(shape),
        ["int16"] = static shape => new Of<short>(shape),
        ["int8"] = static shape => new Of<sbyte>(shape),
        ["uint64"] = static shape => new Of<ulong>(shape),
        ["uint32"] = static shape => new Of<uint>(shape),
        ["uint16"] = static shape => new Of<ushort>(shape),
        ["uint8"] = static shape => new Of<byte>(shape),
        ["bool"] = static shape => new Of<bool>(shape),
    }.ToFrozenDictionary();

    public static bool Supports(string dtype) => Kinds.ContainsKey(dtype);

    public static RentedTensor Rent(string dtype, long[] shape) => Kinds[dtype](shape);

    public abstract void Dispose();

    private sealed class Of<T> : RentedTensor
        where T : unmanaged
    {
        private readonly T[] _values;

        public Of(long[] shape)
        {
            var count = 1L;
            foreach (var dimension in shape)
            {
                count *= dimension;
            }

            _values = ArrayPool<T>.Shared.Rent((int)count);
            Value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _values.AsMemory(0, (int)count), shape);
        }

        public override void Dispose()
        {
            Value.Dispose();
            ArrayPool<T>.Shared.Return(_values);
        }
    }
}
