using System.Diagnostics;
using System.Security.Cryptography;
using Hotswap.Onnx;

namespace Hotswap.Bench.Micro;

/// <summary>
/// The least a host must do to serve a new version from a local-directory store: copy the ONNX file, check its
/// SHA-256 and create the session. Timed in the bench's process as the reference for a pushed large model.
/// </summary>
public static class DownloadAndLoad
{
    public static async Task<TimeSpan> MeasureAsync(string storedOnnx, string scratchDirectory, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(scratchDirectory, $"{Guid.NewGuid():N}.onnx");
        var started = Stopwatch.GetTimestamp();
        await using (var source = new FileStream(storedOnnx, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        await using (var target = new FileStream(copy, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
        {
            await source.CopyToAsync(target, cancellationToken);
            target.Position = 0;
            await SHA256.HashDataAsync(target, cancellationToken);
        }

        OnnxModelLoader.Load(copy, "the reference load").Dispose();
        var elapsed = Stopwatch.GetElapsedTime(started);
        File.Delete(copy);
        return elapsed;
    }
}
