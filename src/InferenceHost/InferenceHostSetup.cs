using Hotswap.Contracts;
using Hotswap.InferenceHost.Api;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Control;
using Hotswap.InferenceHost.Fleet;
using Hotswap.InferenceHost.Hubs;
using Hotswap.InferenceHost.Lambda;
using Hotswap.InferenceHost.Observability;
using Hotswap.InferenceHost.Orchestration;
using Hotswap.InferenceHost.Rollouts;
using Hotswap.InferenceHost.Serving;
using Hotswap.InferenceHost.Serving.Access;
using Hotswap.InferenceHost.Serving.Inputs;
using Hotswap.InferenceHost.Status;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.ServiceDefaults;
using Hotswap.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost;

/// <summary>The host's services and routes, so Program.cs and tests compose the same application.</summary>
public static class InferenceHostSetup
{
    public static WebApplicationBuilder AddInferenceHost(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        var configuration = builder.Configuration;
        services.AddValidatedOptions<ModelStoreOptions, ModelStoreOptionsValidator>(o => o.Bind(configuration.GetSection(ModelStoreOptions.Section)));
        services.AddValidatedOptions<MlflowOptions, MlflowOptionsValidator>(o => o.Bind(configuration.GetSection(MlflowOptions.Section)));
        services.AddValidatedOptions<SwapOptions, SwapOptionsValidator>(o => o.Bind(configuration.GetSection(SwapOptions.Section)));
        services.AddValidatedOptions<PredictLimits, PredictLimitsValidator>(o => o.Bind(configuration.GetSection(PredictLimits.Section)));
        services.AddValidatedOptions<GuardOptions, GuardOptionsValidator>(o => o.Bind(configuration.GetSection(GuardOptions.Section)));
        services.AddValidatedOptions<RolloutPolicy, RolloutPolicyValidator>(o => o.Bind(configuration.GetSection(RolloutPolicy.Section)));
        services.AddValidatedOptions<ControlOptions, ControlOptionsValidator>(o => o.Bind(configuration.GetSection(ControlOptions.Section)));
        services.AddValidatedOptions<KnownProxiesOptions, KnownProxiesOptionsValidator>(o => o.Bind(configuration.GetSection(KnownProxiesOptions.Section)));
        services.AddValidatedOptions<FleetOptions, FleetOptionsValidator>(o => o.Bind(configuration.GetSection(FleetOptions.Section)));
        // Server-wide, so it holds for HTTP/2 as well: Kestrel refuses a per-request rate there.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<PredictLimits>>((kestrel, limits) =>
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.Value.MinBodyBytesPerSecond, limits.Value.MinBodyRateGracePeriod));
        services.AddPredictAccess();

        services.AddSingleton(sp => ModelRegistry.Create(sp.GetRequiredService<IOptions<ModelStoreOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<MlflowOptions>>().Value));
        services.AddSingleton<ServingCatalog>();
        services.AddSingleton<CacheRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<CacheRetention>());
        services.AddSingleton<ModelCache>();
        services.AddSingleton<ModelLoader>();
        services.AddSingleton<IVersionLoader>(sp => sp.GetRequiredService<ModelLoader>());
        services.AddSingleton<SwapEvents>();
        services.AddSingleton<ISwapListener, SwapLog>();
        builder.AddHostObservability();
        services.AddSingleton<HubSubscribers>();
        services.AddSingleton<ISwapEventSink>(sp => sp.GetRequiredService<HubSubscribers>());
        services.AddSingleton<SwapHubBroadcaster>();
        services.AddSingleton<ISwapListener>(sp => sp.GetRequiredService<SwapHubBroadcaster>());
        services.AddHostedService(sp => sp.GetRequiredService<SwapHubBroadcaster>());
        services.AddSingleton<Reconciler>();
        services.AddHostedService<ReconcileLoop>();
        services.AddSingleton<RequestTriggeredCheck>();
        services.AddSingleton<VersionOutcomes>();
        services.AddSingleton<ShadowTraffic>();
        services.AddHostedService(sp => sp.GetRequiredService<ShadowTraffic>());
        services.AddSingleton<RolloutRouter>();
        services.AddSingleton<RolloutGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutGuard>());
        services.AddSingleton<BodyBudget>();
        services.AddSingleton<PredictionHandler>();
        services.AddSingleton<TrialVersions>();
        services.AddSingleton<HostStatusReader>();
        services.AddSingleton<BackgroundFaults>();
        services.AddSingleton<DashboardLinkTracker>();
        services.AddSingleton<ControlCommands>();
        services.AddFleetAnnouncement(configuration);

        services.AddControlAuthentication();
        // Request lines carry the query string, where hub clients that cannot send headers put the operator token.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // Generated serializers first: the only ones a Native AOT build has, and no reflection at start for a JIT one.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default));
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default));
        services.AddProblemDetails();
        // A control body that does not bind answers 400 in every environment; Development would throw it as a 500.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddOpenApi();
        services.AddHostHealthChecks();
        return builder;
    }

    public static WebApplication MapInferenceHost(this WebApplication app)
    {
        app.UseKnownProxies();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Control routes authenticate through their policy's scheme. Hub methods authorize the user the connection
        // authenticated as, so only the hub's requests authenticate up front, and predictions skip authentication.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(HubPaths.Swap), hub => hub.UseAuthentication());
        app.UseAuthorization();
        app.UsePredictRateLimiting();
        app.MapOpenApi();
        app.MapPredictEndpoints();
        app.MapModelsEndpoints();
        app.MapControlEndpoints();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapHub<SwapHub>(HubPaths.Swap);
        app.MapSnapStartEndpoints(app.Configuration);
        return app;
    }
}
