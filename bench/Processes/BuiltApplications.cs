using System.Reflection;

namespace Hotswap.Bench.Processes;

/// <summary>
/// Where the applications under test were built: the repository's own output folders, in the configuration the bench
/// was built with (the bench's project references the host, so one build makes both).
/// </summary>
public static class BuiltApplications
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Configuration { get; } =
        typeof(BuiltApplications).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string InferenceHostProject => Path.Combine(RepositoryRoot, "src", "InferenceHost");

    public static string InferenceHostDll => OutputOf(InferenceHostProject, "Hotswap.InferenceHost.dll");

    /// <summary>The no-op server as a project of its own, published Native AOT for cold start.</summary>
    public static string EmptyAppProject => Path.Combine(RepositoryRoot, "bench", "EmptyApp");

    /// <summary>The bench itself, which is also the empty ASP.NET Core app (<c>noop-server</c>).</summary>
    public static string BenchDll => OutputOf(Path.Combine(RepositoryRoot, "bench"), "Hotswap.Bench.dll");

    public static string OutputOf(string projectDirectory, string dll)
    {
        var path = Path.Combine(projectDirectory, "bin", Configuration, "net10.0", dll);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution in {Configuration} first (dotnet build Control.sln -c {Configuration}).", path);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Control.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Control.sln above {AppContext.BaseDirectory}: run the bench from the repository.");
    }
}
