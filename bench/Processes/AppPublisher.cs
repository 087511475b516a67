namespace Hotswap.Bench.Processes;

/// <summary><c>dotnet publish</c> of an application for linux-x64 into a folder of the bench's, for the cold-start variants.</summary>
public static class AppPublisher
{
    /// <summary>
    /// Publishes <paramref name="project"/> with <paramref name="properties"/>: a JIT application (framework-dependent)
    /// when they hold <c>PublishAot=false</c>, otherwise the project's own Native AOT publish.
    /// </summary>
    /// <returns>What to start: the published assembly, or the native executable.</returns>
    public static async Task<string> PublishAsync(string project, string assemblyName, string outputDirectory, IReadOnlyList<string> properties, CancellationToken cancellationToken)
    {
        var jit = properties.Contains("PublishAot=false");
        List<string> arguments = ["publish", project, "-c", BuiltApplications.Configuration, "-r", "linux-x64", "-o", outputDirectory, "-nologo"];
        if (jit)
        {
            arguments.AddRange(["--self-contained", "false"]);
        }

        arguments.AddRange(properties.Select(p => $"-p:{p}"));
        var publish = await CommandResult.RunAsync("dotnet", arguments, cancellationToken);
        return publish.Succeeded
            ? Path.Combine(outputDirectory, jit ? assemblyName + ".dll" : assemblyName)
            : throw new InvalidOperationException($"dotnet publish {project} {string.Join(' ', properties)} failed ({publish.ExitCode}):{Environment.NewLine}{publish.Output}");
    }
}
