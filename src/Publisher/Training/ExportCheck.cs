using Hotswap.Contracts.Models;
using Hotswap.Onnx;
using Hotswap.Publisher.Publishing;
using Microsoft.ML.OnnxRuntime;

namespace Hotswap.Publisher.Training;

/// <summary>
/// Proves an exported graph is the model ML.NET trained before anyone can serve it: one float input [-1,3], one float
/// output [-1,1], and ONNX Runtime's answers equal to ML.NET's on every validation row.
/// </summary>
public static class ExportCheck
{
    public const float Tolerance = 1e-4f;

    /// <summary>Returns the largest difference found; throws <see cref="PublishRefusedException"/> when the export is wrong.</summary>
    public static float Verify(InferenceSession session, TrainedIrisModel trained, string what)
    {
        var signature = OnnxSignature.Read(session);
        if (signature.Inputs is not [{ DType: "float32", Shape: [-1, IrisRow.FeatureCount] } input]
            || signature.Outputs is not [{ DType: "float32", Shape: [-1, 1] } output])
        {
            throw new PublishRefusedException($"{what}: the exported ONNX graph should have one float32[-1,{IrisRow.FeatureCount}] input and one float32[-1,1] output, but has {signature}.");
        }

        var rows = trained.ValidationRows.Select(r => r.Features).ToArray();
        var expected = trained.Predict(rows);
        var actual = Run(session, input, output, rows);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        // Written so that a NaN answer fails too.
        if (!(worst <= Tolerance))
        {
            throw new PublishRefusedException($"{what}: ONNX Runtime's answers differ from ML.NET's by up to {worst:G3} on the validation rows (tolerance {Tolerance:G1}); the export is not the trained model.");
        }

        return worst;
    }

    private static float[] Run(InferenceSession session, TensorSpec input, TensorSpec output, float[][] rows)
    {
        var values = rows.SelectMany(r => r).ToArray();
        using var tensor = OrtValue.CreateTensorValueFromMemory(values, [rows.Length, IrisRow.FeatureCount]);
        using var options = new RunOptions();
        using var results = session.Run(options, [input.Name], [tensor], [output.Name]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
