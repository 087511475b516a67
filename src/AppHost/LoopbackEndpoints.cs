namespace Hotswap.AppHost;

public static class LoopbackEndpoints
{
    /// <summary>
    /// Serves the project's <c>http</c> endpoint itself on 127.0.0.1:<paramref name="port"/>, without Aspire's proxy, so
    /// the port a newcomer reads in the README (or a test chose) is the one the process listens on.
    /// </summary>
    public static IResourceBuilder<ProjectResource> OnLoopbackPort(this IResourceBuilder<ProjectResource> project, int port) =>
        project.WithEndpoint("http", endpoint =>
        {
            endpoint.Port = port;
            endpoint.TargetPort = port;
            endpoint.TargetHost = "127.0.0.1";
            endpoint.IsProxied = false;
        });
}
