namespace Hotswap.Dashboard;

/// <summary>What a signed-in person may do: act, or only read.</summary>
public static class Roles
{
    public const string Operator = "operator";
    public const string Viewer = "viewer";
}
