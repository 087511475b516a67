using Hotswap.InferenceHost.Swapping;
using Hotswap.ServiceDefaults;
using OpenTelemetry.Metrics;

namespace Hotswap.InferenceHost.Observability;

/// <summary>The host's metrics and traces on top of the shared service defaults, and the Prometheus scrape endpoint.</summary>
public static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddHostObservability(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        var services = builder.Services;
        services.AddSingleton<HostMeter>();
        services.AddSingleton<PredictionMetrics>();
        services.AddSingleton<ISwapListener, SwapMetrics>();
        services.AddSingleton<RolloutMetrics>();
        services.AddSingleton<ISwapListener>(sp => sp.GetRequiredService<RolloutMetrics>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter(options =>
        {
            // A scrape sees every swap that came before it, not a copy of a third of a second ago.
            options.ScrapeResponseCacheDurationMilliseconds = 0;
        }));
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            // The SDK listens to meters by name, so hosts sharing a process (tests) would export each other's
            // measurements: keep only this host's meter.
            var own = provider.GetRequiredService<HostMeter>().Meter;
            metrics.AddView(instrument => instrument.Meter.Name == HostMeter.Name && instrument.Meter != own ? MetricStreamConfiguration.Drop : null);
        });
        return builder;
    }

    /// <summary>Open to anyone, as Prometheus scrapes expect; it only reads, so it answers GET alone.</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        return app;
    }
}
