using Hotswap.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.Bench.Micro;

/// <summary>
/// The floor under /predict: ONNX Runtime's Run on the same graph and batch, in-process, with the host's session
/// options, OrtValue inputs made once and outputs pre-allocated, so nothing but the run itself is timed.
/// </summary>
public sealed class RawRun : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public RawRun(GeneratedModel model, int rows)
    {
        using (var options = OnnxModelLoader.CreateOptions(intraOpThreads: 1))
        {
            _session = new InferenceSession(model.ToOnnx(), options);
        }

        int width = model.Layers[0].Inputs, outputs = model.Layers[^1].Outputs;
        var features = Enumerable.Range(0, rows * width).Select(i => 5.1f - (i % 3 * 1.6f)).ToArray();
        _inputs = [OrtValue.CreateTensorValueFromMemory(features, [rows, width])];
        _outputs = [OrtValue.CreateTensorValueFromMemory(new float[rows * outputs], [rows, outputs])];
        _inputNames = [model.InputName];
        _outputNames = [model.OutputName];
    }

    public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        foreach (var value in _inputs.Concat(_outputs))
        {
            value.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }
}
