using System.Reflection;
using Hotswap.Testing;

namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where the dashboard under test was built. The tests run the dashboard's own output folder, not the copy next to the
/// test assembly: its static web assets (MudBlazor's css and js) are resolved from the manifest beside it.
/// </summary>
public static class DashboardBuild
{
    public static string ProjectDirectory { get; } = Path.Combine(RepositoryRoot.Path, "src", "Dashboard");

    /// <summary>The dashboard built in the configuration and framework of these tests, which their project reference builds.</summary>
    public static string AssemblyPath { get; } = Path.Combine(
        ProjectDirectory, "bin", Metadata("Configuration"), Metadata("TargetFramework"), "Hotswap.Dashboard.dll");

    private static string Metadata(string key) =>
        typeof(DashboardBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
}
