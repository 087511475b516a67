using System.Collections.Concurrent;
using System.Net.Http.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

// Deployment.Tests compiles this suite too and runs it against the published Native AOT host, under its own namespace.
#if PUBLISHED_HOST
namespace Hotswap.Deployment.Tests.PublishedHost.Swapping;
#else
namespace Hotswap.InferenceHost.Tests.Swapping;
#endif

public sealed class SwapUnderLoadTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const int Clients = 8;
    private const int Swaps = 24;

    [Fact]
    public async Task Parallel_clients_see_no_failed_request_through_many_swaps_and_each_answer_matches_its_version()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var (store, host, hub) = (serving.Store, serving.Host, serving.Hub);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var failures = new ConcurrentQueue<string>();
        var versionsSeen = new ConcurrentDictionary<string, int>();
        var requests = 0;

        var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await host.Client.PostAsJsonAsync("/predict", new { data = new[] { new[] { 0f, 0f, 0f } } }, CancellationToken.None);
                Interlocked.Increment(ref requests);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    continue;
                }

                var header = response.Headers.GetValues(PredictHeaders.Version).Single();
                var body = (await response.Content.ReadFromJsonAsync<SeedPredictResponse>(CancellationToken.None))!;
                if (body.ModelVersion != header || body.Prediction[0].GetSingle() != float.Parse(header))
                {
                    failures.Enqueue($"version {header} answered {body.Prediction} as version {body.ModelVersion}");
                }

                versionsSeen.AddOrUpdate(header, 1, (_, n) => n + 1);
            }
        })).ToArray();

        for (var version = 2; version <= Swaps + 1; version++)
        {
            await store.PublishAsync(version);
            await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == version.ToString());
        }

        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.True(versionsSeen.Count >= Swaps / 2, $"only {versionsSeen.Count} versions answered in {requests} requests");
        Assert.Equal(Swaps, hub.Events.OfType<SwapSucceeded>().Count());
    }
}
