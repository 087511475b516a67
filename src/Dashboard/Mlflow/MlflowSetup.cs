using Hotswap.Registry.Configuration;
using Hotswap.Registry.Mlflow;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Mlflow;

/// <summary>The dashboard's half of following MLflow's registry: the REST client, the resolution loop and the webhook's state.</summary>
public static class MlflowSetup
{
    public const string HttpClientName = "mlflow";

    public static IServiceCollection AddMlflowFollowing(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, (sp, client) => MlflowConnection.Configure(client, sp.GetRequiredService<IOptions<MlflowOptions>>().Value));
        services.AddTransient(sp => new MlflowRegistryClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        services.AddSingleton<WebhookDeliveries>();
        services.AddSingleton<MlflowSync>();
        services.AddHostedService(sp => sp.GetRequiredService<MlflowSync>());
        return services;
    }
}
