using System.Net;
using Hotswap.Contracts.Status;
using Hotswap.InferenceHost.Api;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Api;

/// <summary>The routes of MLflow's scoring server besides /invocations, which load balancers and SageMaker probe.</summary>
public sealed class ScoringServerTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Theory]
    [InlineData("/ping")]
    [InlineData("/health")]
    public async Task A_health_route_answers_200_once_the_host_can_predict(string route)
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);

        var response = await serving.Host.Client.GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/ping")]
    [InlineData("/health")]
    public async Task A_health_route_answers_503_naming_the_model_while_no_version_of_it_serves(string route)
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await store.OverwriteOnnxAsync("1", GeneratedModel.Linear([2f, 2f, 2f], 1).ToOnnx());
        await using var host = await RunningHost.StartAsync(store);
        await host.WaitForStatusAsync(s => s?.State == ModelState.Failed, "the corrupted version to fail");

        var response = await host.Client.GetAsync(route);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(ModelStoreScenario.Model, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Version_answers_the_host_version_as_text()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);

        var response = await serving.Host.Client.GetAsync("/version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HealthEndpoints.HostVersion, await response.Content.ReadAsStringAsync());
        Assert.Matches(@"^\d+\.\d+\.\d+", HealthEndpoints.HostVersion);
    }
}
