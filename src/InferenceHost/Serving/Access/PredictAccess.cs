using System.Globalization;
using System.Threading.RateLimiting;
using Hotswap.InferenceHost.Configuration;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Serving.Access;

/// <summary>
/// API keys and per-client rate limiting of the predict endpoints. Each is wired in only when configured: with
/// neither, the predict routes have no endpoint filter and the application no rate-limiting middleware.
/// </summary>
public static class PredictAccess
{
    public const string RateLimitPolicy = "predict";

    public static IServiceCollection AddPredictAccess(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeys>();
        services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = (context, cancellationToken) => RejectAsync(context, cancellationToken);
            limiter.AddPolicy(RateLimitPolicy, context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<PredictLimits>>().Value.RateLimit;
                return RateLimitPartition.GetTokenBucketLimiter(Client(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limit.BucketSize,
                    TokensPerPeriod = limit.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>The rate limiter's middleware, when rate limiting is configured.</summary>
    public static IApplicationBuilder UsePredictRateLimiting(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<PredictLimits>>().Value.RateLimit.Enabled ? app.UseRateLimiter() : app;

    /// <summary>Requires an API key and applies the rate limit on <paramref name="predict"/>, each only when configured.</summary>
    public static TBuilder RequirePredictAccess<TBuilder>(this TBuilder predict, IServiceProvider services)
        where TBuilder : IEndpointConventionBuilder
    {
        var keys = services.GetRequiredService<ApiKeys>();
        if (keys.Required)
        {
            predict.AddEndpointFilter(async (context, next) =>
                keys.Match(context.HttpContext.Request) >= 0
                    ? await next(context)
                    : TypedResults.Problem(
                        $"Send one of this host's predict API keys in the {ApiKeys.Header} header or as Authorization: Bearer.",
                        statusCode: StatusCodes.Status401Unauthorized,
                        title: "API key required"));
        }

        if (services.GetRequiredService<IOptions<PredictLimits>>().Value.RateLimit.Enabled)
        {
            predict.RequireRateLimiting(RateLimitPolicy);
        }

        return predict;
    }

    /// <summary>A valid API key names its client; any other caller is its remote address.</summary>
    private static string Client(HttpContext context)
    {
        var key = context.RequestServices.GetRequiredService<ApiKeys>().Match(context.Request);
        return key >= 0 ? $"key:{key}" : $"ip:{context.Connection.RemoteIpAddress}";
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var limit = context.HttpContext.RequestServices.GetRequiredService<IOptions<PredictLimits>>().Value.RateLimit;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
                $"This client made more than {limit.PermitsPerSecond} predictions per second (bursts of {limit.BucketSize}, {PredictKeys.RateLimit}); retry after {retryAfter} s.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests")
            .ExecuteAsync(context.HttpContext);
    }
}
