using System.Diagnostics;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Hotswap.Deployment.Tests;

/// <summary>
/// A Dockerfile's build stage without Docker: its own <c>RUN dotnet publish</c> line, run from the repository root
/// into a temporary folder (the one after <c>-o</c>). Dockerfiles with the same line (the host's and the Lambda one),
/// and every test that needs the output, share one publish per test run.
/// </summary>
public sealed record PublishedDockerfile(IReadOnlyList<string> PublishArguments, IReadOnlyList<string> EntryPoint, string? LastUser)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<Output>>> Outputs = new();

    // One publish at a time: projects share references (Contracts, Registry) whose obj folders two builds would race on.
    private static readonly SemaphoreSlim OnePublish = new(1);

    /// <summary>The inference host's image: its Native AOT executable.</summary>
    public static PublishedDockerfile Host { get; } = Read("src/InferenceHost/Dockerfile");

    /// <summary>What the publish step printed and where it wrote the application.</summary>
    public sealed record Output(ToolRun Run, string Directory)
    {
        /// <summary>The file the image runs: an assembly for <c>dotnet</c>, or a native executable run as it is.</summary>
        public string EntryPoint(PublishedDockerfile file) => Path.Combine(Directory, Path.GetFileName(file.EntryPointFile));

        /// <summary>How the image starts the application, from this output, which is its working folder as in the image (its appsettings.json is read there).</summary>
        public ProcessStartInfo StartInfo(PublishedDockerfile file) =>
            file.RunsOnDotnet
                ? new ProcessStartInfo("dotnet") { ArgumentList = { EntryPoint(file) }, WorkingDirectory = Directory }
                : new ProcessStartInfo(EntryPoint(file)) { WorkingDirectory = Directory };
    }

    /// <summary>The file its ENTRYPOINT runs: the assembly after <c>dotnet</c>, or the executable itself.</summary>
    public string EntryPointFile => EntryPoint[^1];

    public bool RunsOnDotnet => EntryPoint[0] == "dotnet";

    public static PublishedDockerfile Read(string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(Hotswap.Testing.RepositoryRoot.Path, relativePath));
        var publish = lines.Single(l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));
        var entryPoint = JsonSerializer.Deserialize<string[]>(lines.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))["ENTRYPOINT ".Length..])!;
        var user = lines.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal))?["USER ".Length..].Trim();
        return new PublishedDockerfile(publish["RUN dotnet ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries), entryPoint, user);
    }

    public string CommandLine => $"dotnet {string.Join(' ', PublishArguments)}";

    public Task<Output> PublishAsync() => Outputs.GetOrAdd(CommandLine, _ => new(RunPublishAsync)).Value;

    /// <summary>Publishes, and fails the test with the tool's output if the step fails.</summary>
    public async Task<Output> PublishedAsync()
    {
        var output = await PublishAsync();
        Assert.True(output.Run.ExitCode == 0, $"{CommandLine} failed ({output.Run.ExitCode}): {output.Run.Output}");
        return output;
    }

    private async Task<Output> RunPublishAsync()
    {
        // Under the test binaries, so the folder goes when they do rather than piling up in /tmp.
        var directory = Path.Combine(AppContext.BaseDirectory, "published", Guid.NewGuid().ToString("N")[..8]);
        var arguments = PublishArguments.Select((a, i) => i > 0 && PublishArguments[i - 1] is "-o" or "--output" ? directory : a).ToList();
        await OnePublish.WaitAsync();
        try
        {
            // Generous: on a fresh machine a publish first restores the runtime packs for linux-x64, and Native AOT
            // compiles and links the whole application.
            return new Output(await ToolRun.RunAsync("dotnet", [.. arguments, "-nologo"], TimeSpan.FromMinutes(10)), directory);
        }
        finally
        {
            OnePublish.Release();
        }
    }
}
