using System.Text;
using Hotswap.Registry;
using Hotswap.Registry.Audit;

namespace Hotswap.Dashboard.Audit;

public static class AuditEndpoints
{
    /// <summary>How many of the newest records the audit page shows and the CSV export holds.</summary>
    public const int PageSize = AuditTrail.MaxPage;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit.csv", async (ModelRegistry registry, CancellationToken cancellationToken) =>
                TypedResults.File(Encoding.UTF8.GetBytes(AuditCsv.Write(await registry.Audit.ReadAsync(PageSize, cancellationToken))), "text/csv", "hotswap-audit.csv"))
            .RequireAuthorization();
        return app;
    }
}
