using System.Diagnostics;

namespace Hotswap.Bench.Processes;

/// <summary>Publishes the host with extra MSBuild properties (ReadyToRun and the like) into a folder, for cold-start variants.</summary>
public static class HostPublisher
{
    /// <returns>The published Hotswap.InferenceHost.dll.</returns>
    public static async Task<string> PublishAsync(string outputDirectory, IReadOnlyList<string> properties, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", BuiltApplications.InferenceHostProject, "-c", BuiltApplications.Configuration, "-r", "linux-x64", "--self-contained", "false", "-o", outputDirectory, "-nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var property in properties)
        {
            start.ArgumentList.Add($"-p:{property}");
        }

        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = publish.StandardError.ReadToEndAsync(cancellationToken);
        await publish.WaitForExitAsync(cancellationToken);
        return publish.ExitCode == 0
            ? Path.Combine(outputDirectory, "Hotswap.InferenceHost.dll")
            : throw new InvalidOperationException($"dotnet publish {string.Join(' ', properties)} failed ({publish.ExitCode}):{Environment.NewLine}{await output}{await errors}");
    }
}
