using Hotswap.Contracts.Fleet;
using Hotswap.Dashboard.ServiceClient;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hotswap.Dashboard.Announcements;

/// <summary><c>POST /api/fleet/reports</c> for hosts without a long-lived connection, and <c>GET /api/fleet</c> for scripts.</summary>
public static class FleetEndpoints
{
    /// <summary>A report is one host's status: a megabyte is far more than hundreds of models need.</summary>
    public const long MaxReportBytes = 1 << 20;

    public static IEndpointRouteBuilder MapFleetEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHub<FleetHub>(FleetPaths.Hub);
        app.MapPost(FleetPaths.Reports, Report)
            .RequireAuthorization(FleetAuthentication.HostPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxReportBytes))
            .DisableAntiforgery();
        app.MapGet(FleetPaths.Fleet, (FleetMonitor fleet, TimeProvider time) => TypedResults.Ok(FleetViews.Of(fleet.Hosts.Current, time.GetUtcNow())))
            .RequireAuthorization(FleetAuthentication.ReaderPolicy);
        return app;
    }

    private static Results<NoContent, ProblemHttpResult> Report(FleetReport report, FleetRegistry registry)
    {
        if (report.Host is null || string.IsNullOrWhiteSpace(report.Host.HostId) || report.Status is null)
        {
            return TypedResults.Problem("A report names its host (host.hostId) and carries its status.", statusCode: StatusCodes.Status400BadRequest, title: "The report was refused");
        }

        return registry.Report(report)
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                $"Host id '{report.Host.HostId}' is held by a host connected to the fleet hub; give each host its own Swap:HostId.",
                statusCode: StatusCodes.Status409Conflict,
                title: "The report was refused");
    }
}
