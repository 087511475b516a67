using System.Runtime.InteropServices;

namespace Hotswap.Onnx;

/// <summary>
/// ONNX Runtime's Linux build (1.31) carries Microsoft's 1DS telemetry: creating its environment writes a device id and
/// an SQLite queue of events under <c>$HOME/.cache/Microsoft/DeveloperTools/.onnxruntime</c>, to be sent to Microsoft.
/// A model server has no business reporting home, writing to <c>$HOME</c> (read-only on Lambda) or paying for it on
/// every cold start. ONNX Runtime reads <c>ORT_DISABLE_TELEMETRY</c> from the process's native environment, which
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change on Unix, so it is set with libc's
/// <c>setenv</c> before ONNX Runtime loads, unless the operator set it (to <c>0</c>, to allow the telemetry).
/// </summary>
public static class OnnxRuntimeTelemetry
{
    public const string Variable = "ORT_DISABLE_TELEMETRY";

    /// <summary>Call before anything loads ONNX Runtime; glibc only (the images and the Lambda runtime are glibc).</summary>
    public static void DisableUnlessConfigured()
    {
        if (Glibc.Exports("setenv"))
        {
            _ = SetEnv(Variable, "1", overwrite: 0);
        }
    }

    [DllImport(Glibc.Library, EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
