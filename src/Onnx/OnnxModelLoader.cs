using Microsoft.ML.OnnxRuntime;

namespace Hotswap.Onnx;

/// <summary>Creates ONNX Runtime sessions with options that suit a server sharing its cores with Kestrel.</summary>
public static class OnnxModelLoader
{
    /// <summary>
    /// Loads a model file. A file ONNX Runtime cannot load throws <see cref="InvalidOnnxModelException"/> naming
    /// <paramref name="what"/> and ONNX Runtime's own reason.
    /// </summary>
    public static InferenceSession Load(string path, string what, int intraOpThreads = 1, bool prepackWeights = false)
    {
        var options = CreateOptions(intraOpThreads, prepackWeights);
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOnnxModelException($"{what} is not a model ONNX Runtime can load: {e.Message}", e);
        }
        finally
        {
            options.Dispose();
        }
    }

    /// <summary>
    /// Requests run in parallel on Kestrel's threads, so each run stays on few threads, and intra-op workers do not
    /// spin: an idle session's spinning pool would steal the cores that other requests need. Weights are not
    /// pre-packed unless asked: pre-packing keeps a second, re-laid-out copy of every MatMul weight, so a swap, which
    /// holds two versions at once, would need several times the model's size (5× for the bench's 100 MB model).
    /// </summary>
    public static SessionOptions CreateOptions(int intraOpThreads, bool prepackWeights = false)
    {
        var options = new SessionOptions
        {
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        if (!prepackWeights)
        {
            options.AddSessionConfigEntry("session.disable_prepacking", "1");
        }
        return options;
    }
}

public sealed class InvalidOnnxModelException(string message, Exception? inner = null) : Exception(message, inner);
