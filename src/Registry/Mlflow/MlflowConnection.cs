using System.Net.Http.Headers;
using System.Text;
using Hotswap.Registry.Configuration;

namespace Hotswap.Registry.Mlflow;

/// <summary>
/// How an <see cref="HttpClient"/> reaches the tracking server of <see cref="MlflowOptions"/>: its base address, the
/// request timeout, and the credentials MLflow's own clients send (<c>MLFLOW_TRACKING_TOKEN</c> as a bearer token, or
/// <c>MLFLOW_TRACKING_USERNAME</c>/<c>PASSWORD</c> as basic authentication).
/// </summary>
public static class MlflowConnection
{
    public static void Configure(HttpClient client, MlflowOptions options)
    {
        client.Timeout = options.RequestTimeout;
        if (options.FollowsRegistry)
        {
            client.BaseAddress = new Uri(options.TrackingUri.TrimEnd('/') + "/");
        }

        client.DefaultRequestHeaders.Authorization = !string.IsNullOrEmpty(options.Token) ? new AuthenticationHeaderValue("Bearer", options.Token)
            : !string.IsNullOrEmpty(options.Username) ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")))
            : null;
    }
}
