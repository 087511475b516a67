namespace Hotswap.Publisher.Publishing;

/// <summary>The publisher itself refused a version (a wrong export, an unusable import) before writing anything.</summary>
public sealed class PublishRefusedException(string message) : Exception(message);
