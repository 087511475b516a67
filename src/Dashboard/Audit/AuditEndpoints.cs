using System.Text;

namespace Hotswap.Dashboard.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit.csv", (AuditLog audit) => TypedResults.File(Encoding.UTF8.GetBytes(AuditCsv.Write(audit.Read(int.MaxValue))), "text/csv", "hotswap-audit.csv"))
            .RequireAuthorization();
        return app;
    }
}
