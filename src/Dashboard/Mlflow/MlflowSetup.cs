using System.Net.Http.Headers;
using System.Text;
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
        services.AddHttpClient(HttpClientName, (sp, client) =>
        {
            var options = sp.GetRequiredService<IOptions<MlflowOptions>>().Value;
            client.Timeout = options.RequestTimeout;
            if (options.FollowsRegistry)
            {
                client.BaseAddress = new Uri(options.TrackingUri.TrimEnd('/') + "/");
            }

            client.DefaultRequestHeaders.Authorization = !string.IsNullOrEmpty(options.Token) ? new AuthenticationHeaderValue("Bearer", options.Token)
                : !string.IsNullOrEmpty(options.Username) ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")))
                : null;
        });
        services.AddTransient(sp => new MlflowRegistryClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        services.AddSingleton<WebhookDeliveries>();
        services.AddSingleton<MlflowSync>();
        services.AddHostedService(sp => sp.GetRequiredService<MlflowSync>());
        return services;
    }
}
