using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>A request's input tensors in the order of the model's signature.</summary>
public sealed class InputSet(InputTensor[] tensors) : IDisposable
{
    public IReadOnlyList<InputTensor> Tensors => tensors;

    public int Rows => tensors.Length == 0 || tensors[0].Shape.Length == 0 ? 1 : (int)tensors[0].Shape[0];

    public OrtValue[] ToOrtValues()
    {
        var values = new OrtValue[tensors.Length];
        for (var i = 0; i < tensors.Length; i++)
        {
            values[i] = tensors[i].ToOrtValue();
        }

        return values;
    }

    public void Dispose()
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }
}
