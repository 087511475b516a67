using Hotswap.InferenceHost.Observability;
using Hotswap.ServiceDefaults;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Observability;

/// <summary>What a host sends to an OTLP endpoint when one is configured, as the Aspire AppHost configures it.</summary>
public sealed class OtlpExportTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task With_an_otlp_endpoint_set_a_host_exports_its_swap_traces_metrics_and_logs()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var store = new ModelStoreScenario(s3.Server);
        var model = $"m{Guid.NewGuid():N}"[..12];
        await store.PublishAsync(1, model);

        await using var host = await RunningHost.StartAsync(store, new Dictionary<string, string?>
        {
            [ServiceDefaultsExtensions.OtlpEndpointKey] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["Logging:LogLevel:Default"] = "Information",
        });
        await host.WaitUntilServingAsync("1", model);
        (await host.PredictAsync([1f, 2f, 3f], model)).EnsureSuccessStatusCode();

        await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Received("traces", SwapTracing.SourceName) && receiver.Received("traces", model)), r => r, "the swap's trace to be exported");
        await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Received("metrics", "hotswap.predictions")), r => r, "the prediction counter to be exported");
        await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Received("logs", "Swap ") && receiver.Received("logs", model)), r => r, "the swap's log to be exported");
    }
}
