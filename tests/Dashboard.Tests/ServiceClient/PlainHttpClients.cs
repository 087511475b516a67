namespace Hotswap.Dashboard.Tests.ServiceClient;

/// <summary>A new plain <see cref="HttpClient"/> per call, as the dashboard's named client is but without its options.</summary>
internal sealed class PlainHttpClients : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(60) };
}
