using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.ServiceDefaults.Configuration;

namespace Hotswap.Dashboard.Announcements;

/// <summary>The fleet hub, its registry and its routes.</summary>
public static class FleetSetup
{
    public static IServiceCollection AddFleet(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<FleetOptions, FleetOptionsValidator>(o => o.Bind(configuration.GetSection(FleetOptions.Section)));
        services.AddSingleton<HostEvents>();
        services.AddSingleton<FleetRegistry>();
        services.AddSingleton<FleetRefresh>();
        services.AddHostedService<FleetPublisher>();
        services.AddSignalR().AddHubOptions<FleetHub>(o => o.MaximumReceiveMessageSize = FleetEndpoints.MaxReportBytes);
        return services;
    }
}
