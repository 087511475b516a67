using System.Net;
using System.Text;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Serving;

[CollectionDefinition(nameof(SlowBodyTests), DisableParallelization = true)]
public sealed class SlowBodyCollection;

/// <summary>
/// Clients that declare big bodies and send them slowly, or never, against a real host on loopback. What the bodies
/// hold is read from the host's own accounting (<see cref="BodyBudget"/>, the gauge <c>hotswap.request_body.buffered</c>)
/// and from this process's allocations (the host runs in it; the class runs alone), never from timing.
/// </summary>
[Collection(nameof(SlowBodyTests))]
public sealed class SlowBodyTests(S3rverFixture s3, ITestOutputHelper output) : IClassFixture<S3rverFixture>
{
    private const int FourMiB = 4 * 1024 * 1024;

    /// <summary>No cut-off by data rate while a test holds its senders still.</summary>
    private static readonly Dictionary<string, string?> PatientRate = new() { ["Predict:MinBodyRateGracePeriod"] = "00:10:00" };

    [Fact]
    public async Task Sixty_four_senders_declaring_4_MiB_and_sending_ten_bytes_hold_16_KiB_each_while_a_normal_request_is_answered()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server, PatientRate);
        var budget = serving.Host.Service<BodyBudget>();
        const int senders = 64;

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var slow = new List<SlowSender>();
        try
        {
            for (var i = 0; i < senders; i++)
            {
                slow.Add(await SlowSender.StartAsync(serving.Host, FourMiB));
            }

            await BufferedAsync(budget, senders * RequestBody.FirstBufferBytes, $"{senders} bodies of 16 KiB buffered");
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            output.WriteLine($"{senders} senders declaring {FourMiB} bytes: {budget.Buffered} bytes buffered, {allocated} bytes allocated by the process meanwhile");

            var answer = await PredictAsync(serving.Host);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.True(allocated < 64L * 1024 * 1024, $"{allocated} bytes allocated while {senders} senders declared {FourMiB} bytes each and sent ten");
        }
        finally
        {
            await Task.WhenAll(slow.Select(s => s.DisposeAsync().AsTask()));
        }

        await BufferedAsync(budget, 0, "every body's buffer returned once its sender left");
    }

    [Fact]
    public async Task A_body_that_finds_the_budget_spent_is_refused_at_once_with_503_Retry_After_and_the_limit_named()
    {
        var settings = new Dictionary<string, string?>(PatientRate) { ["Predict:MaxBodyBytes"] = "65536", ["Predict:MaxBufferedBodyBytes"] = "262144" };
        await using var serving = await ServingHost.StartAsync(s3.Server, settings);
        var budget = serving.Host.Service<BodyBudget>();
        var slow = new List<SlowSender>();
        try
        {
            for (var i = 0; i < 262144 / RequestBody.FirstBufferBytes; i++)
            {
                slow.Add(await SlowSender.StartAsync(serving.Host, 65536));
            }

            await BufferedAsync(budget, 262144, "the budget spent by the slow senders");

            var refused = await PredictAsync(serving.Host);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("Predict:MaxBufferedBodyBytes", await refused.Content.ReadAsStringAsync());
        }
        finally
        {
            await Task.WhenAll(slow.Select(s => s.DisposeAsync().AsTask()));
        }

        await BufferedAsync(budget, 0, "the budget returned once the slow senders left");
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(serving.Host)).StatusCode);
    }

    [Fact]
    public async Task A_body_that_grows_past_the_budget_is_refused_and_gives_back_what_it_held()
    {
        var settings = new Dictionary<string, string?>(PatientRate) { ["Predict:MaxBodyBytes"] = "65536", ["Predict:MaxBufferedBodyBytes"] = "262144" };
        await using var serving = await ServingHost.StartAsync(s3.Server, settings);
        var budget = serving.Host.Service<BodyBudget>();
        var slow = new List<SlowSender>();
        try
        {
            // 15 bodies of 16 KiB leave 16 KiB: a 64 KiB body starts, then cannot double its buffer.
            for (var i = 0; i < 15; i++)
            {
                slow.Add(await SlowSender.StartAsync(serving.Host, 65536));
            }

            await BufferedAsync(budget, 15 * RequestBody.FirstBufferBytes, "15 bodies of 16 KiB buffered");

            var refused = await serving.Host.Client.PostAsync("/invocations", Json(Valid(65536)));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(15 * RequestBody.FirstBufferBytes, budget.Buffered);
        }
        finally
        {
            await Task.WhenAll(slow.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task A_sender_below_the_minimum_data_rate_is_cut_off_and_its_buffer_returned()
    {
        // 1 KiB every 50 ms (20 KiB/s at most): far above Kestrel's default minimum (240 B/s), far below this host's.
        var settings = new Dictionary<string, string?> { ["Predict:MinBodyBytesPerSecond"] = "1000000", ["Predict:MinBodyRateGracePeriod"] = "00:00:02" };
        await using var serving = await ServingHost.StartAsync(s3.Server, settings);
        var budget = serving.Host.Service<BodyBudget>();
        await using var sender = await SlowSender.StartAsync(serving.Host, FourMiB);
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 1024));

        // Sending for a minute at that pace stays under the declared 4 MiB: only the host can end this request.
        using var minute = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var answer = sender.Stream.ReadAsync(new byte[4096], minute.Token).AsTask();
        try
        {
            while (!answer.IsCompleted)
            {
                await sender.Stream.WriteAsync(chunk, minute.Token);
                await Task.WhenAny(answer, Task.Delay(50, minute.Token));
            }
        }
        catch (IOException)
        {
            // The host closed the connection while this was sending.
        }
        catch (OperationCanceledException) when (minute.IsCancellationRequested)
        {
            // The minute passed: asserted below.
        }

        Assert.False(minute.IsCancellationRequested, "the host was still reading a body sent at 20 KiB/s after a minute");
        await BufferedAsync(budget, 0, "the cut-off body's buffer returned");
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(serving.Host)).StatusCode);
    }

    [Fact]
    public async Task Answered_bodies_json_and_csv_give_back_every_byte_they_held()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var budget = serving.Host.Service<BodyBudget>();

        var json = await serving.Host.Client.PostAsync("/invocations", Json(Valid(100_000)));
        var csv = await serving.Host.Client.PostAsync("/invocations", new StringContent("a,b,c\n1,2,3\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        // Returned once the response is written, so possibly just after the client has read it.
        await BufferedAsync(budget, 0, "both bodies' buffers returned");
    }

    private static Task<long> BufferedAsync(BodyBudget budget, long bytes, string what) =>
        Eventually.ReturnsAsync(() => Task.FromResult(budget.Buffered), b => b == bytes, what);

    private static Task<HttpResponseMessage> PredictAsync(RunningHost host) =>
        host.Client.PostAsync("/invocations", Json("{\"inputs\": [[1, 2, 3]]}"));

    /// <summary>A valid body of <paramref name="size"/> bytes: one row padded with spaces.</summary>
    private static string Valid(int size) => "{\"inputs\": [[1, 2, 3]]" + new string(' ', size - 23) + "}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
