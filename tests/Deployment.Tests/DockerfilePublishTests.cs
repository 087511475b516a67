using System.Collections.Concurrent;
using System.Text.Json;

namespace Hotswap.Deployment.Tests;

/// <summary>
/// Each Dockerfile's build stage, without Docker: its own <c>RUN dotnet publish</c> line, run from the repository root
/// into a temporary folder, and the entry point it names must be in the output. Dockerfiles with the same line
/// (the host's and the Lambda one) publish once.
/// </summary>
public sealed class DockerfilePublishTests
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<(ToolRun Run, string Output)>>> Published = new();

    public static TheoryData<string> Dockerfiles() =>
    [
        "src/InferenceHost/Dockerfile",
        "src/InferenceHost/Dockerfile.lambda",
        "src/Dashboard/Dockerfile",
        "src/Publisher/Dockerfile",
    ];

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public async Task The_publish_step_succeeds_and_yields_the_entry_point(string dockerfile)
    {
        var file = Dockerfile.Read(dockerfile);

        var (run, output) = await Published.GetOrAdd(string.Join(' ', file.PublishArguments), _ => new(() => PublishAsync(file))).Value;

        Assert.True(run.ExitCode == 0, $"dotnet {string.Join(' ', file.PublishArguments)} failed ({run.ExitCode}): {run.Output}");
        Assert.True(File.Exists(Path.Combine(output, file.EntryPointAssembly)), $"{dockerfile} runs {file.EntryPointAssembly}, which the publish step did not produce.");
    }

    [Fact]
    public void The_lambda_image_adds_the_web_adapter_and_serves_on_request()
    {
        var text = File.ReadAllText(Path.Combine(Hotswap.Testing.RepositoryRoot.Path, "src/InferenceHost/Dockerfile.lambda"));

        Assert.Contains("/opt/extensions/lambda-adapter", text);
        Assert.Contains("Swap__Mode=OnRequest", text);
        Assert.Contains("AWS_LWA_READINESS_CHECK_PATH=/healthz", text);
        Assert.Contains("Swap__CacheDirectory=/tmp/", text);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_runtime_stage_runs_as_a_non_root_user(string dockerfile)
    {
        Assert.Equal("$APP_UID", Dockerfile.Read(dockerfile).LastUser);
    }

    private static async Task<(ToolRun, string)> PublishAsync(Dockerfile file)
    {
        var output = Directory.CreateTempSubdirectory("hotswap-publish-").FullName;
        var arguments = file.PublishArguments.Select((a, i) => i > 0 && file.PublishArguments[i - 1] is "-o" or "--output" ? output : a).ToList();
        return (await ToolRun.RunAsync("dotnet", [.. arguments, "-nologo"], TimeSpan.FromMinutes(3)), output);
    }

    private sealed record Dockerfile(IReadOnlyList<string> PublishArguments, string EntryPointAssembly, string? LastUser)
    {
        public static Dockerfile Read(string relativePath)
        {
            var lines = File.ReadAllLines(Path.Combine(Hotswap.Testing.RepositoryRoot.Path, relativePath));
            var publish = lines.Single(l => l.StartsWith("RUN dotnet publish ", StringComparison.Ordinal));
            var entryPoint = JsonSerializer.Deserialize<string[]>(lines.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))["ENTRYPOINT ".Length..])!;
            var user = lines.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal))?["USER ".Length..].Trim();
            return new Dockerfile(publish["RUN dotnet ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries), entryPoint[^1], user);
        }
    }
}
