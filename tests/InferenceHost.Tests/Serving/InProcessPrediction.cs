using System.Text;
using System.Text.Json;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Inputs;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>A prediction through the host's own binding, run and JSON writing, without a server: for graphs whose outputs the swap's validation does not yet take.</summary>
internal static class InProcessPrediction
{
    /// <summary>A version of <paramref name="onnx"/> loaded from a temporary file (deleted once loaded).</summary>
    public static ServedModel Load(byte[] onnx, string version = "1")
    {
        var path = Path.Combine(Path.GetTempPath(), $"hotswap-inprocess-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, onnx);
        try
        {
            return LoadedModels.Load(path, version);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The <c>predictions</c> the host would answer to an MLflow request of <paramref name="body"/>.</summary>
    public static JsonElement Predict(ServedModel model, string body)
    {
        using var document = JsonDocument.Parse(body);
        using var inputs = PredictionHandler.Bind(document.RootElement, model, PredictFormat.Mlflow, new PredictLimits());
        using var outputs = Predictor.Run(model, inputs);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            PredictionJson.WriteOutputs(writer, outputs.Values, model.OutputNames, flattenColumn: false);
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(stream.ToArray())).RootElement.Clone();
    }
}
