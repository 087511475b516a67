using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Status;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.Deployment.Tests;

/// <summary>
/// The executable the host image ships (its Dockerfile's Native AOT publish) as a process against s3rver, for what
/// the end-to-end suites run on it (PublishedHost/) leave out: MLflow's bare <c>/invocations</c> route, a generated
/// endpoint of its own.
/// </summary>
public sealed class PublishedHostTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task The_published_host_answers_mlflows_scoring_protocol_and_reports_its_status()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(3);
        var published = await PublishedDockerfile.Host.PublishedAsync();
        await using var host = await InferenceHostProcess.StartAsync(store, executable: published.StartInfo(PublishedDockerfile.Host));
        await host.WaitUntilServingAsync("3");

        using var response = await host.Client.PostAsync("/invocations", new StringContent("""{"inputs": [[1, 2, 3]]}""", Encoding.UTF8, "application/json"));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var status = await host.Client.GetFromJsonAsync<HostStatus>("/status", Json.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9f, answer.RootElement.GetProperty("predictions")[0][0].GetSingle());
        Assert.Equal(("3", ModelState.Serving), (status!.Models.Single().ServedVersion, status.Models.Single().State));
    }
}
