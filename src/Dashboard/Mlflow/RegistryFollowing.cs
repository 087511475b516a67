using System.Collections.Immutable;

namespace Hotswap.Dashboard.Mlflow;

/// <summary>
/// Where each followed model stands against MLflow's registry, as the last resolution found it: what its
/// <c>models:/</c> URI points at in MLflow (version, status, run), when that was read, and why the fleet is not there
/// when it is not (pinned, a rollout under way, a version still registering, MLflow unreachable).
/// </summary>
public sealed record FollowedModel(
    string Model,
    string Follow,
    string Serving,
    string? PointsAt,
    string? RunId,
    DateTimeOffset? ResolvedAt,
    string? Note,
    string? Problem);

/// <summary>
/// The dashboard's view of MLflow's registry: every followed model, when the last poll and webhook came, and the last
/// pass over the followed models and why it ran.
/// </summary>
public sealed record RegistryFollowing(
    DateTimeOffset? LastPoll,
    DateTimeOffset? LastWebhook,
    string? LastDeliveryId,
    SyncReason? LastPass,
    ImmutableSortedDictionary<string, FollowedModel> Models)
{
    public static readonly RegistryFollowing None = new(null, null, null, null, ImmutableSortedDictionary<string, FollowedModel>.Empty);
}
