using Microsoft.ML.OnnxRuntime;

namespace Hotswap.Onnx;

/// <summary>
/// ONNX Runtime's one-time start: loading <c>libonnxruntime</c>, creating its environment and, with the first session,
/// registering the CPU kernels. It costs tens of milliseconds, and a host paid it inside its first model load, on the
/// way to its first prediction. Begun as the process starts, on a thread-pool thread, it overlaps the host's own start
/// (configuration, services, Kestrel, the first read of the store) instead.
/// </summary>
public static class OnnxRuntimeWarmStart
{
    public static Task Begin() => Task.Run(static () =>
    {
        try
        {
            using var options = OnnxModelLoader.CreateOptions(intraOpThreads: 1);
            using var session = new InferenceSession(GeneratedModel.Linear([1f], 0f).ToOnnx(), options);
        }
        catch (OnnxRuntimeException)
        {
            // The first real load meets the same problem and reports it with the model and version it concerns.
        }
    });
}
