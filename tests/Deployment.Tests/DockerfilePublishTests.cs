namespace Hotswap.Deployment.Tests;

/// <summary>Each Dockerfile's build stage, run with <c>dotnet publish</c> as the Dockerfile writes it.</summary>
public sealed class DockerfilePublishTests
{
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
        var file = PublishedDockerfile.Read(dockerfile);

        var output = await file.PublishedAsync();

        Assert.True(File.Exists(output.EntryPoint(file)), $"{dockerfile} runs {file.EntryPointFile}, which its publish step did not produce.");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_runtime_stage_runs_as_a_non_root_user(string dockerfile)
    {
        Assert.Equal("$APP_UID", PublishedDockerfile.Read(dockerfile).LastUser);
    }

    [Fact]
    public void The_lambda_image_adds_the_web_adapter_serves_on_request_and_takes_invocations_only_once_ready()
    {
        var text = File.ReadAllText(Path.Combine(Hotswap.Testing.RepositoryRoot.Path, "src/InferenceHost/Dockerfile.lambda"));

        Assert.Contains("/opt/extensions/lambda-adapter", text);
        Assert.Contains("Swap__Mode=OnRequest", text);
        Assert.Contains("AWS_LWA_READINESS_CHECK_PATH=/readyz", text);
        Assert.Contains("Swap__CacheDirectory=/tmp/", text);
    }
}
