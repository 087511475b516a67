using Hotswap.InferenceHost.Status;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hotswap.InferenceHost.Api;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddHostHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ModelsServingCheck>("models", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Live: the process answers. Ready: every expected model has a version serving.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }

    private sealed class ModelsServingCheck(HostStatusReader status) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var missing = status.NotServing();
            return Task.FromResult(missing.Count == 0
                ? HealthCheckResult.Healthy("Every expected model is serving.")
                : HealthCheckResult.Unhealthy($"Not serving yet: {string.Join(", ", missing)}."));
        }
    }
}
