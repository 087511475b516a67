namespace Hotswap.Publisher.Publishing;

/// <summary>
/// Percentage lines on stderr while an ONNX file uploads, at most one per <see cref="Interval"/> (and always the last),
/// so a slow multi-gigabyte upload shows it is alive without flooding a CI log.
/// </summary>
public sealed class UploadProgress(TextWriter error, string what, long totalBytes, TimeProvider time) : IProgress<long>
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private long? _lastReportedAt;
    private int _lastPercent = -1;

    public void Report(long uploadedBytes)
    {
        var percent = totalBytes == 0 ? 100 : (int)Math.Min(100, uploadedBytes * 100 / totalBytes);
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var due = _lastReportedAt is not { } last || time.GetElapsedTime(last, now) >= Interval;
            if (percent <= _lastPercent || (percent < 100 && !due))
            {
                return;
            }

            _lastPercent = percent;
            _lastReportedAt = now;
            error.WriteLine($"uploading {what}: {percent}% of {Sizes.Format(totalBytes)}");
        }
    }
}
