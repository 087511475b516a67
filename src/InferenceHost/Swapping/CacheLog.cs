namespace Hotswap.InferenceHost.Swapping;

/// <summary>What <see cref="CacheRetention"/> deletes from the cache directory, and when what is in use keeps it over its cap.</summary>
internal static partial class CacheLog
{
    [LoggerMessage(1901, LogLevel.Information, "Pruned {Path} ({Bytes} bytes) from the model cache: {Total} bytes left, Swap:CacheMaxBytes is {Max}")]
    public static partial void Pruned(ILogger logger, string path, long bytes, long total, long max);

    [LoggerMessage(1902, LogLevel.Warning, "The model cache holds {Total} bytes, over Swap:CacheMaxBytes ({Max}): every file left is in use")]
    public static partial void OverCap(ILogger logger, long total, long max);

    [LoggerMessage(1903, LogLevel.Information, "Deleted {Path} ({Bytes} bytes), a partial download a previous process left in the model cache")]
    public static partial void PartialDeleted(ILogger logger, string path, long bytes);

    [LoggerMessage(1904, LogLevel.Warning, "Could not delete {Path} from the model cache")]
    public static partial void DeleteFailed(ILogger logger, string path, Exception exception);
}
