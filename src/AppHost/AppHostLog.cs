using Microsoft.Extensions.Logging;

namespace Hotswap.AppHost;

/// <summary>What the AppHost itself tells the person who started it.</summary>
internal static partial class AppHostLog
{
    [LoggerMessage(1, LogLevel.Information, "The ops dashboard is up at {Url}; sign in as {Operator} ({Password}) to act")]
    public static partial void DashboardReady(ILogger logger, string url, string @operator, string password);
}
