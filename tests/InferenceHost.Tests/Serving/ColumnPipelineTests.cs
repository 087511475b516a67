using System.Net;
using System.Text;
using System.Text.Json;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Onnx;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>
/// A scikit-learn pipeline with a categorical column, as skl2onnx exports a ColumnTransformer: one input per column
/// (<c>city</c> string [-1,1], <c>rooms</c> float32 [-1,1], <c>age</c> int64 [-1,1]), fed by MLflow's dataframe
/// forms and by CSV, each column bound to its input by name.
/// </summary>
public sealed class ColumnPipelineTests(OpenWorldHost fixture) : IClassFixture<OpenWorldHost>
{
    private static readonly SklearnColumnPipeline Pipeline = SklearnColumnPipeline.Houses;
    private static readonly (string City, float Rooms, long Age)[] Houses = [("Paris", 3, 10), ("Brest, Finistère", 2.5f, 40), ("Lyon", 1, 0)];

    public static TheoryData<string> JsonBodies => new()
    {
        JsonSerializer.Serialize(new { dataframe_split = new { columns = new[] { "city", "rooms", "age" }, data = Houses.Select(h => new object[] { h.City, h.Rooms, h.Age }) } }),
        JsonSerializer.Serialize(new { dataframe_split = new { columns = new[] { "age", "city", "rooms" }, data = Houses.Select(h => new object[] { h.Age, h.City, h.Rooms }) } }),
        JsonSerializer.Serialize(new { dataframe_records = Houses.Select(h => new { city = h.City, rooms = h.Rooms, age = h.Age }) }),
        JsonSerializer.Serialize(new { instances = Houses.Select(h => new { city = h.City, rooms = h.Rooms, age = h.Age }) }),
        JsonSerializer.Serialize(new { inputs = new { city = Houses.Select(h => new[] { h.City }), rooms = Houses.Select(h => new[] { h.Rooms }), age = Houses.Select(h => new[] { h.Age }) } }),
    };

    [Theory]
    [MemberData(nameof(JsonBodies))]
    public async Task Every_dataframe_form_with_string_and_number_columns_predicts_the_pipelines_values(string body)
    {
        var response = await PostAsync(body, "application/json");

        Assert.Equal(Expected(), await PredictionsAsync(response), new Tolerance(1e-3f));
    }

    [Theory]
    [InlineData("city,rooms,age\r\nParis,3,10\r\n\"Brest, Finistère\",2.5,40\r\nLyon,1,0\r\n")]
    [InlineData("age,rooms,city\n10,3,Paris\n40,2.5,\"Brest, Finistère\"\n0,1,\"Lyon\"")]
    public async Task A_csv_body_with_a_header_row_predicts_like_dataframe_split(string csv)
    {
        var response = await PostAsync(csv, "text/csv");

        Assert.Equal(Expected(), await PredictionsAsync(response), new Tolerance(1e-3f));
    }

    [Fact]
    public async Task A_quoted_csv_field_may_hold_quotes_and_line_breaks()
    {
        var response = await PostAsync("city,rooms,age\n\"Par\"\"is\nnord\",3,10\n", "text/csv");

        // Not one of the known cities: the one-hot columns are all zero.
        Assert.Equal([Pipeline.Intercept + (3 * Pipeline.Coefficients[3]) + (10 * Pipeline.Coefficients[4])], await PredictionsAsync(response), new Tolerance(1e-3f));
    }

    [Theory]
    [InlineData("city,rooms,age\nParis,three,10\n", "houses version 1 input 'rooms' row 0 column 0: expected a number, found the string \"three\"")]
    [InlineData("city,rooms,age\nParis,3,10\nLyon,1,0.5\n", "houses version 1 input 'age' row 1 column 0: the number 0.5 is not a valid int64")]
    [InlineData("city,rooms,age\nParis,3\n", "CSV row 0 has 2 fields for the header's 3 columns")]
    [InlineData("city,rooms,age\n\"Paris,3,10\n", "ends inside a quoted field")]
    public async Task A_csv_cell_that_does_not_fit_its_input_gets_400_naming_it(string csv, string problem)
    {
        var response = await PostAsync(csv, "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, await DetailAsync(response));
    }

    [Fact]
    public async Task A_number_in_the_string_column_gets_400_naming_input_row_and_column()
    {
        var response = await PostAsync("""{"dataframe_split": {"columns": ["city", "rooms", "age"], "data": [["Paris", 3, 10], [5, 3, 10]]}}""", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("houses version 1 input 'city' row 1 column 0: expected a string, found the number 5", await DetailAsync(response));
    }

    [Fact]
    public async Task Csv_is_refused_by_the_seed_endpoint_and_other_media_types_by_both()
    {
        var seed = await fixture.Host.Client.PostAsync("/predict", new StringContent("city,rooms,age\nParis,3,10\n", Encoding.UTF8, "text/csv"));
        var plain = await PostAsync("city,rooms,age\nParis,3,10\n", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, seed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Contains("text/csv", await DetailAsync(plain));
    }

    /// <summary>The pipeline computed here: one-hot city (zeros for an unknown one), then rooms and age, dotted with the coefficients.</summary>
    private static float[] Expected() =>
    [
        .. Houses.Select(h =>
        {
            var city = Array.IndexOf(Pipeline.Cities, h.City);
            return Pipeline.Intercept + (city < 0 ? 0 : Pipeline.Coefficients[city]) + (h.Rooms * Pipeline.Coefficients[3]) + (h.Age * Pipeline.Coefficients[4]);
        }),
    ];

    private Task<HttpResponseMessage> PostAsync(string body, string contentType) =>
        fixture.Host.Client.PostAsync($"/models/{OpenWorldHost.Houses}/invocations", new StringContent(body, Encoding.UTF8, contentType));

    private static async Task<float[]> PredictionsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("predictions").EnumerateArray().Select(row => row[0].GetSingle())];
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;

    private sealed class Tolerance(float epsilon) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(float obj) => 0;
    }
}
