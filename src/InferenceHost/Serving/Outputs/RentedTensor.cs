using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Outputs;

/// <summary>Pooled memory for one output tensor, handed to ONNX Runtime to write the run's result into.</summary>
internal abstract class RentedTensor : IDisposable
{
    public OrtValue Value { get; protected init; } = null!;

    public static RentedTensor Rent(string dtype, long[] shape) => dtype switch
    {
        "float32" => new Of<float>(shape),
        "float64" => new Of<double>(shape),
        "int64" => new Of<long>(shape),
        "int32" => new Of<int>(shape),
        "bool" => new Of<bool>(shape),
        _ => throw new NotSupportedException($"outputs of type {dtype} are not supported"),
    };

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
