using Microsoft.Extensions.Configuration;

namespace Hotswap.Publisher;

/// <summary>
/// What a publisher run talks to: its two output streams and the configuration the store comes from
/// (<c>ModelStore:*</c>, from environment variables such as <c>ModelStore__AccessKeyId</c>). Tests pass their own.
/// </summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, IConfiguration Configuration)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Recorded in the desired state as who published, pinned or rolled back.</summary>
    public string User { get; init; } = Environment.UserName;
}
