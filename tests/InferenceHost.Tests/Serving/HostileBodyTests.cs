using System.Diagnostics;
using System.Net;
using System.Text;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Serving;

[CollectionDefinition(nameof(HostileBodyTests), DisableParallelization = true)]
public sealed class HostileBodyCollection;

/// <summary>
/// Bodies shaped to make binding expensive (huge counts of columns, names, rows or nesting, one huge string), each about
/// 3 MB (under the 4 MiB body limit), against a real host serving a three-feature float32 model. The host runs in this
/// process, so the test measures this process's CPU time (<see cref="Process.TotalProcessorTime"/>) while it sends a
/// body several times; the class runs alone (no parallel tests), so that time is the host's handling plus the
/// client's sending, which is the same for bodies of the same size. Each hostile body must cost no more than 3x a valid
/// body of the same size and format (10,000 rows of long-written numbers, predicted and answered), plus 300 ms for
/// the timer's granularity and the host's background polling.
/// </summary>
[Collection(nameof(HostileBodyTests))]
public sealed class HostileBodyTests(S3rverFixture s3, ITestOutputHelper output) : IClassFixture<S3rverFixture>
{
    private const int Columns = 250_000;
    private const int Sends = 5;

    public static TheoryData<string> Shapes => ["one record of 250,000 columns", "250,000 records of one column", "arrays nested 60 deep", "dataframe_split naming 250,000 columns", "a CSV header of 250,000 columns", "one 3 MB string"];

    [Fact]
    public async Task A_record_of_250000_columns_is_refused_in_well_under_a_second_naming_the_model_and_the_counts()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var body = Hostile("one record of 250,000 columns");

        var watch = Stopwatch.StartNew();
        var response = await SendAsync(serving.Host, body);
        watch.Stop();
        output.WriteLine($"refused after {watch.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"refused after {watch.Elapsed.TotalMilliseconds:F0} ms");
        var detail = await response.Content.ReadAsStringAsync();
        Assert.Contains($"{ModelStoreScenario.Model} version 1", detail);
        Assert.Contains("250000 columns", detail);
    }

    [Theory]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"a\", \"a\", \"b\"], \"data\": [[1, 2, 3]]}}")]
    [InlineData("{\"dataframe_records\": [{\"a\": 1, \"a\": 2, \"b\": 3}]}")]
    [InlineData("{\"dataframe_records\": [{\"a\": 1, \"b\": 2, \"c\": 3}, {\"a\": 1, \"a\": 2, \"b\": 3}]}")]
    [InlineData("{\"inputs\": {\"features\": [[1, 2, 3]], \"features\": [[1, 2, 3]]}}")]
    public async Task A_column_or_input_named_twice_is_refused(string body)
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);

        var response = await SendAsync(serving.Host, Json(Format.Inputs, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("named twice", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_hostile_body_costs_no_more_than_three_times_a_valid_body_of_its_size(string shape)
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var hostile = Hostile(shape);
        var valid = Valid(hostile.Content.Length, hostile.Format);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(serving.Host, valid)).StatusCode);
        Assert.True((int)(await SendAsync(serving.Host, hostile)).StatusCode is 400 or 413);

        var validCpu = await CpuOfAsync(serving.Host, valid);
        var hostileCpu = await CpuOfAsync(serving.Host, hostile);
        output.WriteLine($"{shape}: {hostile.Content.Length} bytes, {hostileCpu.TotalMilliseconds:F0} ms of CPU for {Sends} requests; valid {valid.Content.Length} bytes, {validCpu.TotalMilliseconds:F0} ms");

        Assert.True(
            hostileCpu <= validCpu * 3 + TimeSpan.FromMilliseconds(300),
            $"{shape} ({hostile.Content.Length} bytes): {hostileCpu.TotalMilliseconds:F0} ms of CPU for {Sends} requests, a valid body of {valid.Content.Length} bytes {validCpu.TotalMilliseconds:F0} ms");
    }

    /// <summary>
    /// The least CPU the process spent on <see cref="Sends"/> requests over three rounds: the process's CPU also counts
    /// whatever else runs in it meanwhile (a full garbage collection, another fixture's timers), which only adds.
    /// </summary>
    private static async Task<TimeSpan> CpuOfAsync(RunningHost host, Body body)
    {
        var least = TimeSpan.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < Sends; i++)
            {
                (await SendAsync(host, body)).Dispose();
            }

            var spent = Process.GetCurrentProcess().TotalProcessorTime - before;
            least = spent < least ? spent : least;
        }

        return least;
    }

    private static Task<HttpResponseMessage> SendAsync(RunningHost host, Body body) =>
        host.Client.PostAsync("/invocations", new ByteArrayContent(body.Content) { Headers = { { "Content-Type", body.ContentType } } });

    private static Body Hostile(string shape) => shape switch
    {
        "one record of 250,000 columns" => Json(Format.Records, "{\"dataframe_records\":[{" + string.Join(",", Enumerable.Range(0, Columns).Select(i => $"\"c{i}\":1")) + "}]}"),
        "250,000 records of one column" => Json(Format.Records, "{\"dataframe_records\":[" + string.Join(",", Enumerable.Repeat("{\"c\":1}", Columns)) + "]}"),
        "arrays nested 60 deep" => Json(Format.Inputs, "{\"inputs\":[" + string.Join(",", Enumerable.Repeat(new string('[', 60) + "1" + new string(']', 60), 25_000)) + "]}"),
        "dataframe_split naming 250,000 columns" => Json(Format.Split, "{\"dataframe_split\":{\"columns\":[" + string.Join(",", Enumerable.Range(0, Columns).Select(i => $"\"c{i}\"")) + "],\"data\":[[1]]}}"),
        "a CSV header of 250,000 columns" => new Body(Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, Columns).Select(i => $"c{i}")) + "\n1\n"), Format.Csv),
        "one 3 MB string" => Json(Format.Inputs, "{\"inputs\":\"" + new string('a', 3_000_000) + "\"}"),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>10,000 rows of three features (the batch limit), each number written with as many digits as make the body <paramref name="size"/> bytes.</summary>
    private static Body Valid(int size, Format format)
    {
        const int rows = 10_000;
        var number = "1." + new string('0', Math.Max(1, (size / (rows * 3)) - 8));
        var row = string.Join(",", Enumerable.Repeat(number, 3));
        return format switch
        {
            Format.Csv => new Body(Encoding.UTF8.GetBytes("a,b,c\n" + string.Join("\n", Enumerable.Repeat(row, rows)) + "\n"), format),
            Format.Records => Json(format, "{\"dataframe_records\":[" + string.Join(",", Enumerable.Repeat($"{{\"a\":{number},\"b\":{number},\"c\":{number}}}", rows)) + "]}"),
            Format.Split => Json(format, "{\"dataframe_split\":{\"columns\":[\"a\",\"b\",\"c\"],\"data\":[" + string.Join(",", Enumerable.Repeat($"[{row}]", rows)) + "]}}"),
            _ => Json(format, "{\"inputs\":[" + string.Join(",", Enumerable.Repeat($"[{row}]", rows)) + "]}"),
        };
    }

    private static Body Json(Format format, string json) => new(Encoding.UTF8.GetBytes(json), format);

    private enum Format
    {
        Inputs,
        Records,
        Split,
        Csv,
    }

    private sealed record Body(byte[] Content, Format Format)
    {
        public string ContentType => Format == Format.Csv ? "text/csv" : "application/json";
    }
}
