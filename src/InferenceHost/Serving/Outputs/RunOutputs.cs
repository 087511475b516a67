using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Outputs;

/// <summary>The outputs of one run, in rented memory or allocated by ONNX Runtime; disposing releases either.</summary>
public sealed class RunOutputs : IDisposable
{
    private readonly RentedTensor[]? _rented;

    // The rented tensors' values, or ONNX Runtime's own collection (disposed with the outputs): one field for both keeps
    // the object as small as before it knew its rows.
    private readonly IReadOnlyList<OrtValue> _values;

    internal RunOutputs(RentedTensor[] rented, int rows)
    {
        _rented = rented;
        var values = new OrtValue[rented.Length];
        for (var i = 0; i < rented.Length; i++)
        {
            values[i] = rented[i].Value;
        }

        _values = values;
        Rows = Math.Max(1, rows);
    }

    internal RunOutputs(IDisposableReadOnlyCollection<OrtValue> allocated, int rows)
    {
        _values = allocated;
        Rows = Math.Max(1, rows);
    }

    /// <summary>The rows of the request run (at least 1): the guard compares versions' latencies per row.</summary>
    public int Rows { get; }

    /// <summary>The output values in the order of the model's signature.</summary>
    public IReadOnlyList<OrtValue> Values => _values;

    public void Dispose()
    {
        if (_rented is null)
        {
            ((IDisposable)_values).Dispose();
            return;
        }

        foreach (var tensor in _rented)
        {
            tensor.Dispose();
        }
    }
}
