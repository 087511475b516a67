using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Outputs;

/// <summary>The outputs of one run, in rented memory or allocated by ONNX Runtime; disposing releases either.</summary>
public sealed class RunOutputs : IDisposable
{
    private readonly RentedTensor[]? _rented;
    private readonly IDisposableReadOnlyCollection<OrtValue>? _allocated;
    private readonly OrtValue[]? _rentedValues;

    internal RunOutputs(RentedTensor[] rented, int rows)
    {
        _rented = rented;
        Rows = Math.Max(1, rows);
        _rentedValues = new OrtValue[rented.Length];
        for (var i = 0; i < rented.Length; i++)
        {
            _rentedValues[i] = rented[i].Value;
        }
    }

    internal RunOutputs(IDisposableReadOnlyCollection<OrtValue> allocated, int rows)
    {
        _allocated = allocated;
        Rows = Math.Max(1, rows);
    }

    /// <summary>The rows of the request run (at least 1): the guard compares versions' latencies per row.</summary>
    public int Rows { get; }

    /// <summary>The output values in the order of the model's signature.</summary>
    public IReadOnlyList<OrtValue> Values => _rentedValues ?? (IReadOnlyList<OrtValue>)_allocated!;

    public void Dispose()
    {
        _allocated?.Dispose();
        foreach (var tensor in _rented ?? [])
        {
            tensor.Dispose();
        }
    }
}
