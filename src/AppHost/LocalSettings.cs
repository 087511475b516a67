using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Hotswap.AppHost;

/// <summary>
/// The AppHost's own parameters, read before the model is built because ports and folders shape it. Each is a
/// command-line switch (<c>--Parameters:host-1-port=6080</c>) or an environment variable (<c>Parameters__host-1-port</c>).
/// </summary>
public sealed record LocalSettings(string DataDirectory, bool InstallNodeTools, int S3rverPort, int DashboardPort, IReadOnlyList<int> HostPorts)
{
    public static LocalSettings From(IDistributedApplicationBuilder builder)
    {
        var parameters = builder.Configuration.GetSection("Parameters");
        return new LocalSettings(
            Path.GetFullPath(parameters["data-dir"] ?? Path.Combine(builder.RepositoryRoot(), ".hotswap")),
            !string.Equals(parameters["npm-ci"], "false", StringComparison.OrdinalIgnoreCase),
            Port(parameters, "s3rver-port", 4568),
            Port(parameters, "dashboard-port", 5090),
            [Port(parameters, "host-1-port", 5080), Port(parameters, "host-2-port", 5081)]);
    }

    private static int Port(IConfiguration parameters, string name, int fallback) =>
        parameters[name] is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port
        : throw new InvalidOperationException($"The parameter {name} is '{text}'; give a TCP port from 1 to 65535.");
}
