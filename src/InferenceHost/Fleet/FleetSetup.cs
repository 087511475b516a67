using System.Net.Http.Headers;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Hubs;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Fleet;

/// <summary>
/// The host's announcement to the dashboard, registered only when <c>Fleet:DashboardUrl</c> is set: a fleet connection
/// for long-running hosts, reports over HTTP for hosts in <see cref="SwapMode.OnRequest"/>.
/// </summary>
public static class FleetSetup
{
    public static IServiceCollection AddFleetAnnouncement(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[FleetKeys.DashboardUrl]))
        {
            return services;
        }

        services.AddSingleton<FleetLog>();
        if (configuration.GetValue<SwapMode>(SwapKeys.Mode) == SwapMode.OnRequest)
        {
            services.AddSingleton<ReportsDue>();
            services.AddSingleton<ISwapEventSink>(sp => sp.GetRequiredService<ReportsDue>());
            services.AddHostedService<FleetReporter>();
            services.AddHttpClient(FleetReporter.Client, (sp, client) =>
            {
                var fleet = sp.GetRequiredService<IOptions<FleetOptions>>().Value;
                client.Timeout = fleet.ReportTimeout;
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fleet.Token);
            });
        }
        else
        {
            services.AddSingleton<FleetOutbox>();
            services.AddSingleton<ISwapEventSink>(sp => sp.GetRequiredService<FleetOutbox>());
            services.AddSingleton<DashboardRefresh>();
            services.AddHostedService(sp => sp.GetRequiredService<DashboardRefresh>());
            services.AddHostedService<FleetConnection>();
        }

        return services;
    }
}
