using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing.Hosts;

// Deployment.Tests compiles this suite too and runs it against the published Native AOT host, under its own namespace.
#if PUBLISHED_HOST
namespace Hotswap.Deployment.Tests.PublishedHost.Api;
#else
namespace Hotswap.InferenceHost.Tests.Api;
#endif

/// <summary>
/// The MLflow scoring protocol and the refusals of bad input, against one host serving two models
/// (<see cref="TwoModelHost"/>): iris-like and one with a second, int64 input.
/// </summary>
public sealed class PredictApiTests(TwoModelHost fixture) : IClassFixture<TwoModelHost>
{
    private RunningHost Host => fixture.Host;

    [Theory]
    [InlineData("""{"inputs": [[1, 2, 3], [0, 0, 0]]}""")]
    [InlineData("""{"inputs": {"features": [[1, 2, 3], [0, 0, 0]]}}""")]
    [InlineData("""{"instances": [[1, 2, 3], [0, 0, 0]]}""")]
    [InlineData("""{"instances": [{"features": [1, 2, 3]}, {"features": [0, 0, 0]}]}""")]
    [InlineData("""{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3], [0, 0, 0]]}}""")]
    [InlineData("""{"dataframe_records": [{"a": 1, "b": 2, "c": 3}, {"a": 0, "b": 0, "c": 0}]}""")]
    public async Task Every_mlflow_input_format_predicts_the_same_rows(string body)
    {
        var response = await PostAsync($"/models/{ModelStoreScenario.Model}/invocations", body);

        var predictions = await PredictionsAsync(response);
        Assert.Equal(new[] { 7f, 1f }, predictions);
    }

    [Fact]
    public async Task A_model_with_an_int64_second_input_takes_named_inputs()
    {
        var response = await PostAsync("/models/offset_model/invocations", """{"inputs": {"features": [[1, 1, 1]], "offset": [[10]]}}""");

        Assert.Equal(new[] { 16.5f }, await PredictionsAsync(response));
        Assert.Equal("offset_model", response.Headers.GetValues("X-Model-Name").Single());
    }

    [Fact]
    public async Task A_model_with_two_inputs_takes_a_dataframe_whose_columns_name_them()
    {
        var response = await PostAsync("/models/offset_model/invocations", """{"dataframe_records": [{"features": [1, 1, 1], "offset": 10}, {"features": [0, 0, 0], "offset": 0}]}""");

        Assert.Equal(new[] { 16.5f, 0.5f }, await PredictionsAsync(response));
    }

    [Fact]
    public async Task The_seed_format_needs_the_model_name_when_several_models_are_served()
    {
        var unnamed = await Host.PredictAsync([1f, 2f, 3f]);
        var named = await Host.PredictAsync([1f, 2f, 3f], ModelStoreScenario.Model);

        await AssertProblemAsync(unnamed, HttpStatusCode.BadRequest, "Name the model");
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
    }

    [Theory]
    [InlineData("""{"data": [[1, 2]], "model": "iris_model"}""", "expected shape [-1,3], got [1,2]")]
    [InlineData("""{"data": [[1, 2, "x"]], "model": "iris_model"}""", "input 'features' row 0 column 2: expected a number, found the string \"x\"")]
    [InlineData("""{"data": [[1, 2, 3], [1, 2]], "model": "iris_model"}""", "rows of different lengths")]
    [InlineData("""{"data": [[[1, 2, 3]]], "model": "iris_model"}""", "nested deeper than the input's shape")]
    [InlineData("""{"data": [[1e39, 0, 0]], "model": "iris_model"}""", "is not a valid float32")]
    [InlineData("""{"model": "iris_model"}""", "has no \"data\"")]
    [InlineData("""{"data": [[1, 2, 3]], "model": 7}""", "\"model\" must be a string")]
    [InlineData("""{"data": [[1, 2, 3]], "model": "iris_model" """, "not valid JSON")]
    [InlineData("""[1, 2, 3]""", "must be a JSON object")]
    public async Task Malformed_seed_requests_get_400_naming_the_problem(string body, string problem)
    {
        await AssertProblemAsync(await PostAsync("/predict", body), HttpStatusCode.BadRequest, problem);
    }

    [Theory]
    [InlineData("""{"inputs": {"features": [[1, 1, 1]]}}""", "input 'offset' is missing")]
    [InlineData("""{"inputs": {"features": [[1, 1, 1]], "offset": [[1.5]]}}""", "is not a valid int64")]
    [InlineData("""{"inputs": {"features": [[1, 1, 1]], "offset": [[1]], "extra": [1]}}""", "unknown input 'extra'")]
    [InlineData("""{"inputs": [[1, 1, 1]]}""", "has 2 inputs")]
    [InlineData("""{"something": []}""", "none of inputs, instances, dataframe_split or dataframe_records")]
    public async Task Malformed_mlflow_requests_get_400_naming_the_problem(string body, string problem)
    {
        await AssertProblemAsync(await PostAsync("/models/offset_model/invocations", body), HttpStatusCode.BadRequest, problem);
    }

    [Fact]
    public async Task An_unknown_model_gets_404_listing_the_served_ones()
    {
        await AssertProblemAsync(await PostAsync("/models/nope/invocations", """{"inputs": [[1, 2, 3]]}"""), HttpStatusCode.NotFound, "this host serves iris_model, offset_model");
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_413()
    {
        var rows = string.Join(",", Enumerable.Repeat("[1.000001, 2.000001, 3.000001]", 4000));

        await AssertProblemAsync(await PostAsync("/predict", $$"""{"data": [{{rows}}], "model": "iris_model"}"""), HttpStatusCode.RequestEntityTooLarge, "Predict:MaxBodyBytes");
    }

    [Fact]
    public async Task A_batch_over_the_row_limit_gets_413()
    {
        var rows = string.Join(",", Enumerable.Repeat("[1, 2, 3]", 101));

        await AssertProblemAsync(await PostAsync("/predict", $$"""{"data": [{{rows}}], "model": "iris_model"}"""), HttpStatusCode.RequestEntityTooLarge, "Predict:MaxBatchRows");
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415()
    {
        var response = await Host.Client.PostAsync("/predict", new StringContent("data=1,2,3", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "application/json");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_predict_and_control_routes()
    {
        var document = await Host.Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/predict\"", document);
        Assert.Contains("\"/models/{name}/invocations\"", document);
        Assert.Contains("\"/control/models/{name}/pin\"", document);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        Host.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<float[]> PredictionsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("predictions").EnumerateArray().Select(row => row[0].GetSingle())];
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }
}
