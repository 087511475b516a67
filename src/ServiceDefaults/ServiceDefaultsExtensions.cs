using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hotswap.ServiceDefaults;

/// <summary>
/// What the host and the dashboard share: OpenTelemetry metrics of ASP.NET Core, HttpClient, the runtime and our own
/// meters (every name under <see cref="OurNames"/>), for any exporter a service adds; and, when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (.NET Aspire sets it for its resources), those metrics, logs and traces
/// of ASP.NET Core, HttpClient and our activity sources exported over OTLP.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The prefix of every meter and activity source of ours: the services name theirs under it.</summary>
    public const string OurNames = "Hotswap.*";

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Paths scraped or probed every few seconds: tracing them would bury the traces worth reading.</summary>
    private static readonly PathString[] Probes = ["/healthz", "/readyz", "/metrics"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(OurNames)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        // Traces and logs only when they have somewhere to go: a traced request costs an activity, allocated on
        // every prediction, even when nothing exports it.
        if (string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        telemetry
            .WithTracing(tracing => tracing
                .AddSource(OurNames)
                .AddAspNetCoreInstrumentation(options => options.Filter = IsNotProbe)
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>Runs for every traced request, predictions included: a loop rather than a closure, so it allocates nothing.</summary>
    private static bool IsNotProbe(HttpContext context)
    {
        foreach (var probe in Probes)
        {
            if (context.Request.Path.StartsWithSegments(probe))
            {
                return false;
            }
        }

        return true;
    }
}
