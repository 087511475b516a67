using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Models;
using Hotswap.Contracts.Predict;
using Hotswap.InferenceHost.Orchestration;
using Hotswap.InferenceHost.Serving;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Extensions.Time.Testing;

namespace Hotswap.InferenceHost.Tests.Api;

/// <summary>
/// <c>POST /control/models/{name}/versions/{version}/invocations</c>: an operator tries any version of a served model,
/// against a host serving version 3 of a store that also holds versions 1 and 2. Version N answers
/// <c>sum(features) + N</c>, so the row [1, 2, 3] tells which version answered.
/// </summary>
public sealed class TrialPredictApiTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;
    private const string Row = """{"inputs": [[1, 2, 3]]}""";

    [Fact]
    public async Task A_trial_of_an_older_version_answers_with_that_version_while_normal_predictions_keep_the_served_one()
    {
        var (store, host) = await ServingVersion3Async();
        await using var _ = host;
        var older = await store.Registry.GetVersionAsync(Model, "1", CancellationToken.None);

        var trial = await TryAsync(host.Operator, "1");
        var normal = await host.Client.PostAsync($"/models/{Model}/invocations", Json(Row));

        Assert.Equal(7f, await PredictionAsync(trial));
        Assert.Equal(("1", Model, older!.Sha256![..12]), Headers(trial));
        Assert.Equal(9f, await PredictionAsync(normal));
        Assert.Equal("3", Headers(normal).Version);
    }

    [Fact]
    public async Task Trying_the_served_version_answers_from_the_served_slot_without_loading_a_trial()
    {
        var (_, host) = await ServingVersion3Async();
        await using var __ = host;

        var response = await TryAsync(host.Operator, "3");

        Assert.Equal(9f, await PredictionAsync(response));
        Assert.Equal("3", Headers(response).Version);
        Assert.Null(host.Service<TrialVersions>().Loaded(Model));
    }

    [Fact]
    public async Task A_trial_without_the_operator_token_gets_401_and_loads_nothing()
    {
        var (_, host) = await ServingVersion3Async();
        await using var __ = host;

        var response = await TryAsync(host.Client, "1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(host.Service<TrialVersions>().Loaded(Model));
    }

    [Theory]
    [InlineData(Model, "9", HttpStatusCode.NotFound, "iris_model version 9 is not in the store")]
    [InlineData("wine", "1", HttpStatusCode.NotFound, "Cannot try wine version 1: this host does not serve wine.")]
    [InlineData(Model, "-1", HttpStatusCode.BadRequest, "'-1' is not a valid version of iris_model")]
    public async Task A_trial_that_names_no_version_to_load_gets_a_problem_naming_model_and_version(string model, string version, HttpStatusCode status, string detail)
    {
        var (_, host) = await ServingVersion3Async();
        await using var __ = host;

        var response = await TryAsync(host.Operator, version, model: model);

        await AssertProblemAsync(response, status, detail);
        Assert.Null(host.Service<TrialVersions>().Loaded(Model));
    }

    [Fact]
    public async Task A_version_that_fails_to_load_gets_422_with_the_reason_and_the_served_version_keeps_answering()
    {
        var (store, host) = await ServingVersion3Async();
        await using var _ = host;
        await store.PublishRawAsync("4", [0x08, 0x01, 0x12, 0x04, 0xde, 0xad]);

        var response = await TryAsync(host.Operator, "4");
        var normal = await host.Client.PostAsync($"/models/{Model}/invocations", Json(Row));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "not a model ONNX Runtime can load");
        Assert.Equal("3", Headers(normal).Version);
    }

    [Fact]
    public async Task A_version_whose_signature_the_served_one_could_not_swap_to_can_still_be_tried()
    {
        var (store, host) = await ServingVersion3Async();
        await using var _ = host;
        var fourFeatures = new ModelSignature([new("features", "float32", [-1, 4])], [new("prediction", "float32", [-1, 1])]);
        await store.PublishAsync(GeneratedModel.Linear([1f, 1f, 1f, 1f], 4), Model, "4", fourFeatures);

        var response = await TryAsync(host.Operator, "4", """{"inputs": [[1, 1, 1, 1]]}""");

        Assert.Equal(8f, await PredictionAsync(response));
        Assert.Equal("4", Headers(response).Version);
    }

    [Theory]
    [InlineData("application/json", """{"something": []}""", HttpStatusCode.BadRequest, "none of inputs, instances, dataframe_split or dataframe_records")]
    [InlineData("application/json", """{"inputs": [[1, 2]]}""", HttpStatusCode.BadRequest, "expected shape [-1,3], got [1,2]")]
    [InlineData("application/json", """{"inputs": [ROWS]}""", HttpStatusCode.RequestEntityTooLarge, "Predict:MaxBatchRows")]
    [InlineData("text/plain", "1, 2, 3", HttpStatusCode.UnsupportedMediaType, "application/json")]
    public async Task Bad_input_to_a_trial_gets_what_a_normal_prediction_gets(string contentType, string body, HttpStatusCode status, string detail)
    {
        var (_, host) = await ServingVersion3Async();
        await using var __ = host;
        body = body.Replace("ROWS", string.Join(",", Enumerable.Repeat("[1, 2, 3]", 10_001)));

        var trial = await host.Operator.PostAsync(TrialPath(Model, "1"), new StringContent(body, Encoding.UTF8, contentType));
        var normal = await host.Client.PostAsync($"/models/{Model}/invocations", new StringContent(body, Encoding.UTF8, contentType));

        await AssertProblemAsync(trial, status, detail);
        await AssertProblemAsync(normal, status, detail);
    }

    [Fact]
    public async Task A_second_trial_version_replaces_the_first_and_releases_it()
    {
        var (_, host) = await ServingVersion3Async();
        await using var __ = host;
        var trials = host.Service<TrialVersions>();
        await TryAsync(host.Operator, "1");
        var first = trials.Loaded(Model)!;

        var second = await TryAsync(host.Operator, "2");
        await first.Released.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(8f, await PredictionAsync(second));
        Assert.Equal("2", trials.Loaded(Model)?.Version.Version);
    }

    [Fact]
    public async Task Concurrent_first_requests_for_one_version_are_all_answered_by_that_version()
    {
        var (_, host) = await ServingVersion3Async();
        await using var __ = host;

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TryAsync(host.Operator, "1")));

        Assert.All(responses, r => Assert.Equal("1", Headers(r).Version));
        Assert.Equal("1", host.Service<TrialVersions>().Loaded(Model)?.Version.Version);
    }

    [Fact]
    public async Task A_trial_unused_for_ten_minutes_is_retired()
    {
        var time = new FakeTimeProvider();
        var (_, host) = await ServingVersion3Async(time);
        await using var __ = host;
        var trials = host.Service<TrialVersions>();
        await TryAsync(host.Operator, "1");
        var trial = trials.Loaded(Model)!;

        time.Advance(TrialVersions.IdleTimeout - TimeSpan.FromSeconds(1));
        var releasedEarly = trial.Released.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        await trial.Released.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(releasedEarly);
        Assert.Null(trials.Loaded(Model));
    }

    [Fact]
    public async Task A_trial_used_again_within_ten_minutes_stays_loaded()
    {
        var time = new FakeTimeProvider();
        var (_, host) = await ServingVersion3Async(time);
        await using var __ = host;
        var trials = host.Service<TrialVersions>();
        await TryAsync(host.Operator, "1");
        var trial = trials.Loaded(Model)!;

        time.Advance(TimeSpan.FromMinutes(9));
        var again = await TryAsync(host.Operator, "1");
        time.Advance(TimeSpan.FromMinutes(9));

        Assert.Equal("1", Headers(again).Version);
        Assert.False(trial.Released.IsCompleted);
        Assert.Same(trial, trials.Loaded(Model));
    }

    [Fact]
    public async Task Stopping_the_host_releases_its_trial_version()
    {
        var (_, host) = await ServingVersion3Async();
        await TryAsync(host.Operator, "1");
        var trial = host.Service<TrialVersions>().Loaded(Model)!;

        await host.DisposeAsync();

        await trial.Released.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_trial_route()
    {
        var (_, host) = await ServingVersion3Async();
        await using var __ = host;

        var document = await host.Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/control/models/{name}/versions/{version}/invocations\"", document);
        Assert.Contains("\"TryVersion\"", document);
    }

    private async Task<(ModelStoreScenario, RunningHost)> ServingVersion3Async(TimeProvider? time = null)
    {
        var store = new ModelStoreScenario(s3.Server);
        for (var version = 1; version <= 3; version++)
        {
            await store.PublishAsync(version);
        }

        var host = await RunningHost.StartAsync(store, time: time);
        await host.WaitUntilServingAsync("3");
        return (store, host);
    }

    private static string TrialPath(string model, string version) => $"/control/models/{model}/versions/{version}/invocations";

    private static Task<HttpResponseMessage> TryAsync(HttpClient client, string version, string body = Row, string model = Model) =>
        client.PostAsync(TrialPath(model, version), Json(body));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static (string Version, string Model, string Sha256) Headers(HttpResponseMessage response) =>
        (response.Headers.GetValues(PredictHeaders.Version).Single(), response.Headers.GetValues(PredictHeaders.Model).Single(), response.Headers.GetValues(PredictHeaders.Sha256).Single());

    private static async Task<float> PredictionAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("predictions").EnumerateArray().Single()[0].GetSingle();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }
}
