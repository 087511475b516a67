using System.Reflection;
using Hotswap.InferenceHost.Status;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hotswap.InferenceHost.Api;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    /// <summary>This host's version as its assembly records it (with the commit it was built from).</summary>
    public static string HostVersion { get; } =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

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

        // MLflow's scoring server (and SageMaker's container contract): /ping and /health answer 200 once the server
        // can predict, /version the server's version as text.
        var mlflow = app.MapGroup("").WithTags("MLflow scoring server");
        mlflow.MapGet("/ping", Ping).WithName("Ping").WithSummary("200 when ready to predict (as /readyz), otherwise 503.");
        mlflow.MapGet("/health", Ping).WithName("Health").WithSummary("The same as /ping, as MLflow's scoring server has it.");
        mlflow.MapGet("/version", () => TypedResults.Text(HostVersion)).WithName("Version").WithSummary("This host's version, as text.");
        return app;
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Ping(HostStatusReader status) =>
        NotReady(status) is { } problem
            ? TypedResults.Problem(title: "Not ready to predict", detail: problem, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Text("\n", "application/json");

    /// <summary>Why the host cannot predict yet; null once every expected model is serving.</summary>
    private static string? NotReady(HostStatusReader status) =>
        status.NotServing() is { Count: > 0 } missing ? $"Not serving yet: {string.Join(", ", missing)}." : null;

    private sealed class ModelsServingCheck(HostStatusReader status) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(NotReady(status) is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy("Every expected model is serving."));
    }
}
