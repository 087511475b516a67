namespace Hotswap.Contracts;

public static class HubPaths
{
    public const string Swap = "/hubs/swap";
}
