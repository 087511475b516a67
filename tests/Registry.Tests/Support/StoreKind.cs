namespace Hotswap.Registry.Tests.Support;

/// <summary>The two kinds of store the registry runs on; theories take one of each.</summary>
public enum StoreKind
{
    Local,
    S3,
}
