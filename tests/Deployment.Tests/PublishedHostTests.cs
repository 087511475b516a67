using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Control;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Hotswap.Testing.Hosts.Fuzzing;

namespace Hotswap.Deployment.Tests;

/// <summary>
/// The executable the host image ships (its Dockerfile's Native AOT publish) as a process against s3rver: the store
/// through AWSSDK.S3, swaps under load, both predict protocols, control, the hub, problem details and the predict fuzz
/// run, on the binary itself rather than the JIT build the other suites run.
/// </summary>
public sealed class PublishedHostTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static readonly PublishedDockerfile Dockerfile = PublishedDockerfile.Read("src/InferenceHost/Dockerfile");

    [Fact]
    public async Task The_published_host_swaps_to_a_new_version_under_load_without_a_failed_request_and_says_so_on_its_hub()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using var host = await StartAsync(store);
        await host.WaitUntilServingAsync("1");
        await using var hub = await HubRecorder.ConnectAsync(host.Address);
        await using var load = PredictionLoad.Start(host.Client);

        await store.PublishAsync(2);
        var swapped = await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2", TimeSpan.FromSeconds(60));
        await Eventually.ReturnsAsync(() => Task.FromResult(load.Versions.GetValueOrDefault("2")), n => n > 0, "a prediction answered by version 2", TimeSpan.FromSeconds(60));
        await load.StopAsync();

        Assert.Equal("1", swapped.FromVersion);
        Assert.True(load.Failures.Count == 0, load.ToString());
        Assert.True(load.Versions.GetValueOrDefault("1") > 0, load.ToString());
    }

    [Fact]
    public async Task The_published_host_answers_mlflows_scoring_protocol_and_reports_its_status()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(3);
        await using var host = await StartAsync(store);
        await host.WaitUntilServingAsync("3");

        using var response = await host.Client.PostAsync("/invocations", new StringContent("""{"inputs": [[1, 2, 3]]}""", Encoding.UTF8, "application/json"));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var status = await host.Client.GetFromJsonAsync<HostStatus>("/status", Json.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9f, answer.RootElement.GetProperty("predictions")[0][0].GetSingle());
        Assert.Equal(("3", ModelState.Serving), (status!.Models.Single().ServedVersion, status.Models.Single().State));
    }

    [Fact]
    public async Task An_operator_pins_an_earlier_version_through_the_published_hosts_control_api()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await store.PublishAsync(2);
        await using var host = await StartAsync(store);
        await host.WaitUntilServingAsync("2");

        using var response = await host.Operator.PostAsJsonAsync($"/control/models/{ModelStoreScenario.Model}/pin", new PinRequest("1", "the published host's control API"));
        var result = await response.Content.ReadFromJsonAsync<ControlResult>(Json.Options);
        await host.WaitUntilServingAsync("1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("1", true), (result!.DesiredVersion, result.Pinned));
    }

    [Fact]
    public async Task The_published_host_refuses_a_malformed_prediction_with_problem_details_naming_the_problem()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using var host = await StartAsync(store);
        await host.WaitUntilServingAsync("1");

        using var response = await host.Client.PostAsync("/predict", new StringContent("""{"data": [[1, 2]]}""", Encoding.UTF8, "application/json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("iris_model version 1 input 'features'", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Two_thousand_malformed_requests_get_only_400_413_or_415_from_the_published_host_while_valid_ones_keep_succeeding()
    {
        // A fifth of the in-process suite's requests, each category at least a hundred times: volume is that suite's job;
        // this one checks that the trimmed, source-generated binary refuses every kind of bad request as the JIT build does.
        const int Requests = 2_000;
        var store = new ModelStoreScenario(s3.Server);
        await TwoModelStore.PublishAsync(store);
        await using var host = await StartAsync(store, TwoModelStore.Settings);
        await host.WaitUntilServingAsync("1");
        await host.WaitUntilServingAsync("1", TwoModelStore.OffsetModel);

        var run = await PredictFuzzRun.RunAsync(host.Address, PredictFuzzer.SuiteSeed, Requests);

        Assert.True(run.Failures.Count == 0, run.ToString());
        Assert.Null(run.Afterwards);
        Assert.Equal(Requests, run.Statuses.Values.Sum());
        Assert.All(PredictFuzzRun.Refusals, status => Assert.Contains(run.Statuses.Keys, k => k.Status == (int)status));
    }

    private static async Task<InferenceHostProcess> StartAsync(ModelStoreScenario store, IDictionary<string, string?>? settings = null)
    {
        var published = await Dockerfile.PublishedAsync();
        return await InferenceHostProcess.StartAsync(store, settings, executable: published.StartInfo(Dockerfile));
    }
}
