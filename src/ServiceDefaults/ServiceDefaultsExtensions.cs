using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hotswap.ServiceDefaults;

/// <summary>
/// What the host and the dashboard share: OpenTelemetry logs, metrics and traces of ASP.NET Core, HttpClient, the
/// runtime and our own meters and activity sources (every name under <see cref="OurNames"/>), exported over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, as .NET Aspire sets it for its resources.
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
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(OurNames)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(OurNames)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !Probes.Any(p => context.Request.Path.StartsWithSegments(p)))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
