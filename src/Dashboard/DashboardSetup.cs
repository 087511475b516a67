using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Auth;
using Hotswap.Dashboard.Components;
using Hotswap.Dashboard.Components.Dialogs;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.Announcements;
using Hotswap.Dashboard.Mlflow;
using Hotswap.Dashboard.Persistence;
using Hotswap.Dashboard.Rollouts;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.ServiceDefaults;
using Hotswap.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Hotswap.Dashboard;

/// <summary>The dashboard's services and routes.</summary>
public static class DashboardSetup
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        var configuration = builder.Configuration;
        services.AddValidatedOptions<DashboardOptions, DashboardOptionsValidator>(o => o.Bind(configuration.GetSection(DashboardOptions.Section)));
        services.AddValidatedOptions<ModelStoreOptions, ModelStoreOptionsValidator>(o => o.Bind(configuration.GetSection(ModelStoreOptions.Section)));
        services.AddValidatedOptions<MlflowOptions, MlflowOptionsValidator>(o => o.Bind(configuration.GetSection(MlflowOptions.Section)));
        services.AddValidatedOptions<RolloutPolicy, RolloutPolicyValidator>(o => o.Bind(configuration.GetSection(RolloutPolicy.Section)));
        services.AddValidatedOptions<KnownProxiesOptions, KnownProxiesOptionsValidator>(o => o.Bind(configuration.GetSection(KnownProxiesOptions.Section)));
        services.AddSingleton(sp => ModelRegistry.Create(sp.GetRequiredService<IOptions<ModelStoreOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<MlflowOptions>>().Value));

        services.AddSingleton<DashboardDatabase>();
        services.AddSingleton<SignInThrottle>();
        // Sign-in cookies and antiforgery tokens outlive a restart: the keys that protect them are kept beside the database.
        services.AddDataProtection();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(keys =>
            keys.XmlRepository = new FileSystemXmlRepository(DashboardDatabase.KeysDirectory(sp.GetRequiredService<IOptions<DashboardOptions>>().Value), sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<SwapFeed>();
        services.AddSingleton<RolloutMonitor>();
        services.AddSingleton<FleetMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetMonitor>());
        services.AddFleet(configuration);
        services.AddSingleton<AuditLog>();
        services.AddSingleton<FleetControl>();
        services.AddHostedService<AutoRollbackPush>();
        services.AddMlflowFollowing();
        services.AddSingleton<PredictClient>();
        services.AddScoped<OperatorCommands>();
        services.AddHttpClient(FleetControl.HttpClientName, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<DashboardOptions>>().Value.ControlTimeout);

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/login";
                options.Cookie.Name = "hotswap.auth";
                options.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the request came over HTTPS (behind a proxy: its X-Forwarded-Proto, see KnownProxies).
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
            })
            .AddFleetSchemes();
        services.AddAuthorizationBuilder().AddPolicy(Roles.Operator, policy => policy.RequireRole(Roles.Operator));
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseKnownProxies();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            CreateScopeForErrors = true,
            // A refused request (a form without its antiforgery token, say) is the caller's error, not ours.
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.Map("/error", (HttpContext context) => TypedResults.Problem(
            statusCode: context.Response.StatusCode,
            title: context.Response.StatusCode == StatusCodes.Status400BadRequest ? "The request was refused" : "The dashboard failed to answer",
            detail: context.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad ? bad.Message : null));
        app.MapAccountEndpoints();
        app.MapAuditEndpoints();
        app.MapFleetEndpoints();
        app.MapMlflowWebhookEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
