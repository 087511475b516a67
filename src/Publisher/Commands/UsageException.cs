namespace Hotswap.Publisher.Commands;

/// <summary>The command line (or the environment standing in for it) does not say enough to run.</summary>
public sealed class UsageException(string message) : Exception(message);
