using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Swapping;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Status;

/// <summary>Derives the host's status from what serves, what is desired and how the last checks and swaps went.</summary>
public sealed class HostStatusReader(Reconciler reconciler, BackgroundFaults faults, DashboardLinkTracker dashboard, IOptions<SwapOptions> options)
{
    public HostStatus Read() => new()
    {
        HostId = reconciler.HostId,
        Mode = options.Value.Mode.ToString(),
        Policy = options.Value.Policy.ToString(),
        LastCheck = reconciler.LastCheck?.At,
        LastCheckError = reconciler.LastCheck?.Error,
        Models = [.. reconciler.Workers.Keys.Union(reconciler.ExpectedModels).Order(StringComparer.Ordinal).Select(m => Read(m)!)],
        BackgroundFaults = faults.All,
        Dashboard = dashboard.Current,
    };

    /// <summary>Null when this host neither serves nor expects <paramref name="model"/>.</summary>
    public ModelStatus? Read(string model)
    {
        var worker = reconciler.Workers.GetValueOrDefault(model);
        var desired = reconciler.Desired?.Find(model);
        if (worker is null && desired is null && !reconciler.ExpectedModels.Contains(model))
        {
            return null;
        }

        var served = worker?.Slot.Current;
        var status = worker?.Status;
        var rollout = worker?.Rollout ?? WorkerRollout.None;
        var load = rollout.Candidate;
        var candidate = desired?.Candidate is { } asked && asked.Version != desired.Version ? asked : null;
        return new ModelStatus
        {
            Model = model,
            ServedVersion = served?.Version.Version,
            ServedSha256 = served?.Version.Sha256,
            ServedVerification = served?.Version.Verification,
            DesiredVersion = desired?.Version,
            Pinned = desired?.Pinned ?? false,
            State = status?.State ?? ModelState.Pending,
            LoadedAt = served?.LoadedAt,
            LastCheck = reconciler.LastCheck?.At,
            LastError = status?.LastError ?? reconciler.LastCheck?.Error,
            NextRetryAt = status?.NextRetryAt,
            Signature = served?.Signature,
            Validation = served?.Validation,
            Rollout = candidate is null ? null : new RolloutStatus(
                candidate.Version,
                candidate.Mode,
                candidate.Weight,
                load.Desired?.Version == candidate.Version ? load.State ?? CandidateState.Loading : CandidateState.Loading,
                load.Desired?.Version == candidate.Version ? load.Error : null,
                candidate.StartedAt,
                candidate.StartedBy,
                candidate.ApprovedBy,
                candidate.Guard),
            WarmPreviousVersion = rollout.Loaded.Previous?.Version.Version,
            GuardUntil = rollout.Loaded.KeepPreviousUntil,
        };
    }

    /// <summary>Ready once every expected model has a version serving.</summary>
    public IReadOnlyList<string> NotServing() =>
        reconciler.Desired is null
            ? ["(desired state not read yet)"]
            : [.. reconciler.ExpectedModels.Where(m => reconciler.Workers.GetValueOrDefault(m)?.Slot.Current is null)];
}
