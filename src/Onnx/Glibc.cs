using System.Runtime.InteropServices;

namespace Hotswap.Onnx;

/// <summary>
/// glibc, for the few of its functions ONNX Runtime's hosts call directly (<c>setenv</c> before it loads,
/// <c>malloc_trim</c> after a session is freed). Only on glibc: musl (Alpine) lacks some of them, and other systems
/// have no <c>libc.so.6</c>; the images and the Lambda runtime are glibc.
/// </summary>
public static class Glibc
{
    public const string Library = "libc.so.6";

    /// <summary>Whether this process runs on glibc and it exports <paramref name="function"/>.</summary>
    public static bool Exports(string function) =>
        OperatingSystem.IsLinux() && NativeLibrary.TryLoad(Library, out var libc) && NativeLibrary.TryGetExport(libc, function, out _);
}
