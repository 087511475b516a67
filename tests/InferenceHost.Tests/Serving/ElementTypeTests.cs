using System.Net;
using System.Text;
using System.Text.Json;
using Hotswap.InferenceHost.Tests.Infrastructure;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>
/// Every tensor element type round-trips through an Identity graph by both endpoints, /predict (the seed's format) and
/// /models/{name}/invocations (MLflow's): the values come back exactly, 16-bit floats within their precision.
/// </summary>
public sealed class ElementTypeTests(OpenWorldHost fixture) : IClassFixture<OpenWorldHost>
{
    /// <summary>Two rows of two values per type, at the edges of each range where the type has them.</summary>
    public static TheoryData<string, string> ExactValues => new()
    {
        { "float32", "[[1.5, -2.25], [1024.125, 0]]" },
        { "float64", "[[0.1, -1E+300], [3.141592653589793, 0]]" },
        { "int8", "[[-128, 127], [0, -1]]" },
        { "int16", "[[-32768, 32767], [0, -1]]" },
        { "int32", "[[-2147483648, 2147483647], [0, -1]]" },
        { "int64", "[[-9223372036854775808, 9223372036854775807], [9007199254740993, -1]]" },
        { "uint8", "[[0, 255], [1, 128]]" },
        { "uint16", "[[0, 65535], [1, 32768]]" },
        { "uint32", "[[0, 4294967295], [1, 2147483648]]" },
        { "uint64", "[[0, 18446744073709551615], [1, 9223372036854775808]]" },
        { "bool", "[[true, false], [false, true]]" },
        { "string", """[["Paris", "na\u00efve, \"quoted\""], ["", "\u65e5\u672c"]]""" },
    };

    [Theory]
    [MemberData(nameof(ExactValues))]
    public async Task Values_of_every_exact_type_come_back_unchanged_from_both_endpoints(string dtype, string values)
    {
        var (seed, mlflow) = await BothAsync(dtype, values);

        Assert.Equal(Canonical(values), Canonical(seed.GetRawText()));
        Assert.Equal(Canonical(values), Canonical(mlflow.GetRawText()));
    }

    [Theory]
    [InlineData("float16", 1e-3)]
    [InlineData("bfloat16", 8e-3)]
    public async Task Sixteen_bit_floats_come_back_within_their_precision_from_both_endpoints(string dtype, double relative)
    {
        double[] values = [0.1, -2.5, 1000.25, 3.14159];

        var (seed, mlflow) = await BothAsync(dtype, JsonSerializer.Serialize(values.Chunk(2)));

        foreach (var answer in new[] { seed, mlflow })
        {
            var returned = answer.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetDouble()).ToArray();
            Assert.All(values.Zip(returned), p => Assert.Equal(p.First, p.Second, Math.Abs(p.First) * relative));
        }
    }

    [Fact]
    public async Task A_bool_input_also_takes_0_and_1()
    {
        var (_, mlflow) = await BothAsync("bool", "[[0, 1], [1, 0]]");

        Assert.Equal("[[false,true],[true,false]]", Canonical(mlflow.GetRawText()));
    }

    [Theory]
    [InlineData("float32", """[[1.5, 2], [3, "a"]]""", "identity_float32 version 1 input 'x' row 1 column 1: expected a number, found the string \"a\"")]
    [InlineData("string", """[["a", "b"], [5, "c"]]""", "identity_string version 1 input 'x' row 1 column 0: expected a string, found the number 5")]
    [InlineData("bool", "[[true, 2], [false, true]]", "identity_bool version 1 input 'x' row 0 column 1: the number 2 is not a valid bool")]
    [InlineData("uint8", "[[1, 2], [256, 0]]", "identity_uint8 version 1 input 'x' row 1 column 0: the number 256 is not a valid uint8")]
    [InlineData("int8", "[[1, -129], [0, 0]]", "identity_int8 version 1 input 'x' row 0 column 1: the number -129 is not a valid int8")]
    [InlineData("float16", "[[1, 70000], [0, 0]]", "identity_float16 version 1 input 'x' row 0 column 1: the number 70000 is not a valid float16")]
    [InlineData("int32", "[[1, 2.5], [0, 0]]", "identity_int32 version 1 input 'x' row 0 column 1: the number 2.5 is not a valid int32")]
    public async Task A_value_of_the_wrong_json_type_or_out_of_range_gets_400_naming_input_row_and_column(string dtype, string values, string problem)
    {
        var model = OpenWorldHost.IdentityModel(dtype);

        var seed = await PostAsync("/predict", $$"""{"data": {{values}}, "model": "{{model}}"}""");
        var mlflow = await PostAsync($"/models/{model}/invocations", $$"""{"inputs": {{values}}}""");

        foreach (var response in new[] { seed, mlflow })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(problem, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        }
    }

    /// <summary>The answer of each endpoint to <paramref name="values"/> sent to the Identity graph of <paramref name="dtype"/>.</summary>
    private async Task<(JsonElement Seed, JsonElement Mlflow)> BothAsync(string dtype, string values)
    {
        var model = OpenWorldHost.IdentityModel(dtype);
        var seed = await PostAsync("/predict", $$"""{"data": {{values}}, "model": "{{model}}"}""");
        var mlflow = await PostAsync($"/models/{model}/invocations", $$"""{"inputs": {{values}}}""");
        return (await AnswerAsync(seed, "prediction"), await AnswerAsync(mlflow, "predictions"));
    }

    private static async Task<JsonElement> AnswerAsync(HttpResponseMessage response, string property)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty(property).Clone();
    }

    /// <summary>JSON text with its insignificant whitespace and escapes normalized, numbers kept as written.</summary>
    private static string Canonical(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        fixture.Host.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}
