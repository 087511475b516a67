namespace Hotswap.AppHost;

/// <summary>
/// Where the local system keeps its models, as every resource that reads or writes them is told
/// (<c>ModelStore__*</c>), and the server, if any, they must wait for.
/// </summary>
public sealed record ModelStore(string Uri, string? ServiceUrl, IResourceBuilder<ExecutableResource>? Server)
{
    /// <summary>s3rver accepts only its own fixed key pair.</summary>
    public const string S3rverKey = "S3RVER";
}
