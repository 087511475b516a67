using Hotswap.Contracts.Models;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>One input of a request, read and shaped to the model's signature, ready to become an <see cref="OrtValue"/>.</summary>
public sealed class InputTensor(TensorSpec spec, TensorBuffer values, long[] shape) : IDisposable
{
    public TensorSpec Spec { get; } = spec;
    public long[] Shape { get; } = shape;
    public int Count => values.Count;

    public OrtValue ToOrtValue() => values.ToOrtValue(Shape);

    public void Dispose() => values.Dispose();
}
