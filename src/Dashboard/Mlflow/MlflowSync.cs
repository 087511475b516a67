using System.Threading.Channels;
using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Registry;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Mlflow;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Mlflow;

/// <summary>
/// Keeps every model_list.json entry with <c>follow</c> on the version its <c>models:/</c> URI resolves to in MLflow:
/// at start-up, every <c>MLflow:PollInterval</c>, and at once when a webhook delivery or an unpin asks. A move is a
/// <see cref="FollowMove"/> through the one command path (audited in the store as <c>mlflow-sync</c>, with the reason
/// and delivery id), recorded in the dashboard's audit log and swap feed, and followed by a refresh of every host, as
/// pins are. A
/// version not READY, a pin, a rollout under way, or MLflow unreachable changes nothing and is shown with why. Nothing
/// here ever stops the process.
/// </summary>
public sealed class MlflowSync(
    ModelRegistry registry,
    MlflowRegistryClient mlflow,
    FleetControl fleet,
    AuditLog audit,
    SwapFeed feed,
    IOptions<MlflowOptions> options,
    IOptions<RolloutPolicy> policy,
    TimeProvider time,
    ILogger<MlflowSync> logger) : BackgroundService
{
    public const string Actor = "mlflow-sync";

    private readonly Channel<SyncReason> _asked = Channel.CreateBounded<SyncReason>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });

    public LiveValue<RegistryFollowing> Following { get; } = new(RegistryFollowing.None);

    /// <summary>Asks for a pass now (a webhook delivery, an unpin); never waits.</summary>
    public void Ask(SyncReason reason)
    {
        if (reason.DeliveryId is { } delivery)
        {
            Following.Update(f => f with { LastWebhook = time.GetUtcNow(), LastDeliveryId = delivery });
        }

        _asked.Writer.TryWrite(reason);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.FollowsRegistry)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        var reason = SyncReason.Poll;
        while (!stoppingToken.IsCancellationRequested)
        {
            await PassAsync(reason, stoppingToken);
            try
            {
                var asked = _asked.Reader.WaitToReadAsync(stoppingToken).AsTask();
                if (await Task.WhenAny(tick, asked) == tick)
                {
                    await tick;
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                    reason = SyncReason.Poll;
                }
                else
                {
                    reason = _asked.Reader.TryRead(out var first) ? first : SyncReason.Poll;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One resolution of the followed entries (those following <see cref="SyncReason.RegisteredModel"/>, when it names one).</summary>
    public async Task PassAsync(SyncReason reason, CancellationToken cancellationToken)
    {
        try
        {
            var document = (await registry.DesiredState.ReadAsync(cancellationToken)).Document;
            foreach (var (model, entry) in document.Models.Where(m => m.Value.Follow is { } follow && Concerns(follow, reason)))
            {
                var status = await FollowAsync(model, entry, entry.Follow!, reason, cancellationToken);
                Following.Update(f => f with { Models = f.Models.SetItem(model, status) });
            }

            var followed = document.Models.Where(m => m.Value.Follow is not null).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
            Following.Update(f => f with
            {
                LastPoll = reason == SyncReason.Poll ? time.GetUtcNow() : f.LastPoll,
                LastPass = reason,
                Models = f.Models.RemoveRange(f.Models.Keys.Where(m => !followed.Contains(m))),
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The desired state could not be read, or something unforeseen: the next pass tries again.
            MlflowLog.PassFailed(logger, reason.Describe, e);
        }
    }

    /// <summary>A pass about one registered model concerns the entries following it (and any whose URI is unreadable, to say so).</summary>
    private static bool Concerns(string follow, SyncReason reason) =>
        reason.RegisteredModel is null || !MlflowModelUri.TryParse(follow, out var uri, out _) || uri.Name == reason.RegisteredModel;

    private async Task<FollowedModel> FollowAsync(string model, ModelEntry entry, string follow, SyncReason reason, CancellationToken cancellationToken)
    {
        var status = new FollowedModel(model, follow, entry.Version, null, null, null, null, null);
        try
        {
            var uri = MlflowModelUri.Parse(follow);
            var version = await mlflow.ResolveAsync(uri, cancellationToken);
            status = status with { PointsAt = version.Version, RunId = version.RunId, ResolvedAt = time.GetUtcNow() };
            if (!version.IsReady)
            {
                return status with { Note = $"{uri} points at version {version.Version}, which MLflow reports {version.Status}: it is followed once READY" };
            }

            if (entry.Version == version.Version)
            {
                return status;
            }

            if (entry.Pinned || entry.Candidate is not null)
            {
                return status with
                {
                    Note = entry.Pinned
                        ? $"pinned at version {entry.Version}: follows {uri} (version {version.Version}) once unpinned"
                        : $"the rollout of version {entry.Candidate!.Version} is under way: follows {uri} (version {version.Version}) once it ends",
                };
            }

            var path = await mlflow.ArtifactLocationAsync(version, cancellationToken);
            var why = $"{uri} points at version {version.Version} ({reason.Describe})";
            var moved = await registry.Commands(policy.Value).ApplyAsync(new FollowMove(model, uri, version.Version, path, why), Actor, cancellationToken);
            if (moved is not null)
            {
                var now = time.GetUtcNow();
                audit.Append(new AuditEntry(0, now, Actor, "follow-move", model, entry.Version, version.Version, why, true, $"desired version {version.Version} written; hosts told to refresh"));
                feed.AddRegistryMove(model, entry.Version, version.Version, why, now);
                MlflowLog.Moved(logger, model, entry.Version, version.Version, why);
                await fleet.FollowAsync(model, why, cancellationToken);
            }

            return status with { Serving = moved?.Version ?? entry.Version };
        }
        catch (Exception e) when (e is MlflowRequestException or CommandRefusedException or FormatException or VersionNotFoundException)
        {
            MlflowLog.ResolveFailed(logger, model, follow, e.Message);
            return status with { Problem = e.Message };
        }
    }
}
