using Hotswap.Contracts.Status;
using Hotswap.InferenceHost.Status;
using Hotswap.InferenceHost.Swapping;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotswap.InferenceHost.Lambda;

/// <summary>
/// Lambda SnapStart restores a snapshot taken when the function version was published, with the model that was loaded
/// then. The Lambda Web Adapter (1.1+) POSTs to <c>AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH</c> after a restore and before
/// any invocation (it refuses outside callers on that path): the host checks the store at once and answers 200 only
/// once every model serves its desired version, so a restored instance never answers with a version the store has
/// moved on from. Any other answer fails the restore, and Lambda initializes the instance afresh instead.
/// </summary>
public static class SnapStartEndpoints
{
    /// <summary>The adapter's own variable: the hook is mapped at its path when it is set, and not at all otherwise.</summary>
    public const string AfterRestorePathKey = "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH";

    /// <summary>Lambda gives the whole after-restore phase 10 s; this leaves the adapter and the answer the rest.</summary>
    public static readonly TimeSpan ConvergeBound = TimeSpan.FromSeconds(8);

    public static IEndpointRouteBuilder MapSnapStartEndpoints(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (configuration[AfterRestorePathKey] is { Length: > 0 } path)
        {
            app.MapPost(path, AfterRestoreAsync).ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<Results<Ok<HostStatus>, ProblemHttpResult>> AfterRestoreAsync(Reconciler reconciler, HostStatusReader status, CancellationToken cancellationToken)
    {
        await reconciler.ConvergeAllNowAsync("snapstart restore", ConvergeBound, cancellationToken);
        var now = status.Read();
        if (now.LastCheckError is { } error)
        {
            return Refused($"The store could not be checked after the restore: {error}");
        }

        var behind = now.Models.Where(m => m.DesiredVersion is not null && m.ServedVersion != m.DesiredVersion).ToList();
        return behind.Count == 0
            ? TypedResults.Ok(now)
            : Refused(string.Join("; ", behind.Select(m =>
                $"{m.Model} serves version {m.ServedVersion ?? "none"}, not its desired version {m.DesiredVersion}, {ConvergeBound.TotalSeconds:0} s after the restore ({m.LastError ?? m.State.ToString()})")));
    }

    private static ProblemHttpResult Refused(string detail) =>
        TypedResults.Problem(title: "Not restored", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable);
}
