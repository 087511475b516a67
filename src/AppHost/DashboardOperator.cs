using System.Security.Cryptography;
using System.Text;

namespace Hotswap.AppHost;

/// <summary>
/// The dashboard's own control credentials as a host knows them: the operator <c>dashboard</c>, by the SHA-256 of its
/// token (hosts keep no token of a named operator), allowed to act for whoever signed in to the dashboard.
/// </summary>
public static class DashboardOperator
{
    public static IResourceBuilder<ProjectResource> WithDashboardOperator(this IResourceBuilder<ProjectResource> host, IResourceBuilder<ParameterResource> dashboardToken) =>
        host.WithEnvironment("Control__Operators__0__Name", "dashboard")
            .WithEnvironment("Control__Operators__0__Role", "operator")
            .WithEnvironment("Control__Operators__0__ActsForOthers", "true")
            .WithEnvironment(async context =>
            {
                var token = await dashboardToken.Resource.GetValueAsync(context.CancellationToken) ?? "";
                context.EnvironmentVariables["Control__Operators__0__TokenHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
            });
}
