using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>
/// The values of a string input, copied into an ONNX Runtime string tensor when the request runs. Each string counts
/// as one element against <c>Predict:MaxTensorElements</c>; their bytes are bounded by the body's (JSON escapes and CSV
/// quoting never make a string longer than its text).
/// </summary>
public sealed class StringBuffer() : TensorBuffer(JsonTokenType.String)
{
    private readonly List<string> _values = [];

    public override bool TryAppend(ref Utf8JsonReader reader)
    {
        _values.Add(reader.GetString()!);
        Count = _values.Count;
        return true;
    }

    public override OrtValue ToOrtValue(long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < _values.Count; i++)
        {
            value.StringTensorSetElementAt(_values[i].AsSpan(), i);
        }

        return value;
    }

    public override void Dispose() => _values.Clear();
}
