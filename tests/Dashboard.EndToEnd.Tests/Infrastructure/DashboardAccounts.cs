namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

/// <summary>A person who may sign in to the dashboard under test; the password is kept so a test can type it.</summary>
public sealed record DashboardAccount(string Name, string Password, string Role);

/// <summary>The accounts the dashboard under test is configured with: one operator, who acts, and one viewer, who watches.</summary>
public static class DashboardAccounts
{
    public const string Operator = "alice";
    public const string Viewer = "victor";

    public static IReadOnlyList<DashboardAccount> All { get; } =
    [
        new(Operator, "alice-password", Roles.Operator),
        new(Viewer, "victor-password", Roles.Viewer),
    ];

    public static DashboardAccount Named(string name) =>
        All.SingleOrDefault(a => a.Name == name)
        ?? throw new ArgumentException($"The dashboard under test has no account '{name}'; it has {string.Join(", ", All.Select(a => a.Name))}.", nameof(name));
}
