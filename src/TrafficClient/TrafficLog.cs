namespace Hotswap.TrafficClient;

/// <summary>The traffic client's log messages, event ids in one place.</summary>
internal static partial class TrafficLog
{
    [LoggerMessage(1, LogLevel.Information, "{Host} answered with version {Version}: prediction {Prediction}")]
    public static partial void Answered(ILogger logger, string host, string version, string prediction);

    [LoggerMessage(2, LogLevel.Warning, "{Host} refused the prediction with {Status}: {Body}")]
    public static partial void Refused(ILogger logger, string host, int status, string body);

    [LoggerMessage(3, LogLevel.Warning, "{Host} could not be asked: {Error}")]
    public static partial void Failed(ILogger logger, string host, string error);
}
