using Hotswap.Contracts.Rollouts;
using Hotswap.Registry.Commands;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Rollouts;

namespace Hotswap.Registry;

/// <summary>
/// Rollouts as desired-state writes: start, weight, approve, promote and abort change the model's <c>candidate</c> in
/// model_list.json, so every host (restarted and serverless ones too) runs the same trial.
/// </summary>
public sealed partial class ModelRegistry
{
    /// <summary>Puts <paramref name="version"/> on trial beside the served version, replacing any earlier candidate.</summary>
    public async Task<ModelEntry> StartRolloutAsync(string model, string version, RolloutMode mode, int weight, GuardRules? guard, string by, string? reason, CancellationToken cancellationToken)
    {
        Naming.EnsureValidVersion(model, version);
        if (mode == RolloutMode.Canary ? weight is < 1 or > 100 : weight != 0)
        {
            throw new ArgumentException(mode == RolloutMode.Canary
                ? $"A canary of {model} version {version} needs a weight from 1 to 100 percent (got {weight})."
                : $"A shadow of {model} version {version} answers no request, so its weight must be 0 (got {weight}).");
        }

        if (guard?.Problem() is { } problem)
        {
            throw new ArgumentException($"The guard rules of the rollout of {model} version {version} are not valid: {problem}.");
        }

        var info = await GetVersionAsync(model, version, cancellationToken)
            ?? throw new VersionNotFoundException($"{model} has no version {version} in {Location}.");
        var now = _time.GetUtcNow();
        return await ChangeRolloutAsync(model, by, reason ?? $"started {Describe(mode, weight)} of version {version}", entry =>
        {
            if (entry.Version == version)
            {
                throw new CommandRefusedException($"{model} already serves version {version}; a candidate must be another version.");
            }

            return entry with
            {
                Candidate = new RolloutCandidate
                {
                    Version = version,
                    Mode = mode,
                    Weight = weight,
                    Guard = guard,
                    Path = info.Location,
                    Sha256 = info.Sha256,
                    StartedAt = now,
                    StartedBy = by,
                },
            };
        }, cancellationToken);
    }

    /// <summary>Changes the share of requests a canary answers.</summary>
    public Task<ModelEntry> SetRolloutWeightAsync(string model, int weight, string by, string? reason, CancellationToken cancellationToken) =>
        ChangeRolloutAsync(model, by, reason ?? $"canary weight set to {weight}%", entry =>
        {
            var candidate = CandidateOf(model, entry);
            if (candidate.Mode != RolloutMode.Canary || weight is < 1 or > 100)
            {
                throw new ArgumentException(candidate.Mode == RolloutMode.Canary
                    ? $"The canary of {model} version {candidate.Version} needs a weight from 1 to 100 percent (got {weight})."
                    : $"{model} version {candidate.Version} runs in shadow and answers no request; start it as a canary to give it a weight.");
            }

            return entry with { Candidate = candidate with { Weight = weight } };
        }, cancellationToken);

    /// <summary>Records a second operator's approval of the candidate, which a policy with <see cref="RolloutPolicy.RequireApproval"/> needs.</summary>
    public Task<ModelEntry> ApproveRolloutAsync(string model, string by, string? reason, CancellationToken cancellationToken) =>
        ChangeRolloutAsync(model, by, reason ?? "approved the candidate for promotion", entry =>
        {
            var candidate = CandidateOf(model, entry);
            if (string.Equals(candidate.StartedBy, by, StringComparison.OrdinalIgnoreCase))
            {
                throw new CommandRefusedException($"{by} started the rollout of {model} version {candidate.Version}; another operator must approve it.");
            }

            return entry with { Candidate = candidate with { ApprovedBy = by, ApprovedAt = _time.GetUtcNow() } };
        }, cancellationToken);

    /// <summary>Makes the candidate the served version of the whole fleet, if <paramref name="policy"/> allows it now.</summary>
    public Task<ModelEntry> PromoteAsync(string model, RolloutPolicy policy, string by, string? reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        return ChangeRolloutAsync(model, by, null, entry =>
        {
            var candidate = CandidateOf(model, entry);
            var baked = EnsurePromotable(model, candidate, policy, now);
            var approval = candidate.ApprovedBy is { } approver ? $", approved by {approver}" : "";
            return entry.MovedTo(candidate.Version, candidate.Path, $"models:/{model}/{candidate.Version}", candidate.Sha256, now) with
            {
                Candidate = null,
                Reason = reason ?? $"promoted version {candidate.Version} after {Describe(candidate.Mode, candidate.Weight)} of {baked.TotalSeconds:0} s{approval}",
            };
        }, cancellationToken);
    }

    /// <summary>Ends the trial: the candidate is unloaded everywhere and the served version answers everything.</summary>
    public Task<ModelEntry> AbortRolloutAsync(string model, string by, string? reason, CancellationToken cancellationToken) =>
        ChangeRolloutAsync(model, by, null, entry =>
        {
            var candidate = CandidateOf(model, entry);
            return entry with { Candidate = null, Reason = reason ?? $"aborted {Describe(candidate.Mode, candidate.Weight)} of version {candidate.Version}" };
        }, cancellationToken);

    /// <summary>
    /// The guard's abort: ends the trial of <paramref name="version"/> if it is still the candidate. Null when it no
    /// longer is (another host's guard or an operator got there first), so a breach seen by the whole fleet is written once.
    /// </summary>
    public Task<ModelEntry?> AbortCandidateAsync(string model, string version, string by, string reason, CancellationToken cancellationToken) =>
        TryChangeEntryAsync(model, by, reason, entry => entry.Candidate?.Version == version ? entry with { Candidate = null } : null, cancellationToken);

    /// <summary>
    /// The guard's rollback after a swap: goes back (and pins) only if <paramref name="fromVersion"/> is still the desired
    /// version. Null when it no longer is, so a breach seen by the whole fleet is written once.
    /// </summary>
    public async Task<ModelEntry?> RollbackFromAsync(string model, string fromVersion, string by, string reason, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        var current = (await DesiredState.ReadAsync(cancellationToken)).Document.Find(model);
        if (current?.Version != fromVersion)
        {
            return null;
        }

        var previous = current.History.LastOrDefault(v => v != fromVersion);
        if (previous is null || await GetVersionAsync(model, previous, cancellationToken) is not { } info)
        {
            return null;
        }

        return await TryChangeEntryAsync(model, by, reason, entry => entry.Version == fromVersion ? RolledBackTo(entry, info) : null, cancellationToken);
    }

    /// <summary>Changes the entry of a model the desired state has; a null <paramref name="reason"/> keeps the one <paramref name="change"/> wrote.</summary>
    private Task<ModelEntry> ChangeRolloutAsync(string model, string by, string? reason, Func<ModelEntry, ModelEntry> change, CancellationToken cancellationToken) =>
        ChangeEntryAsync(model, by, reason, entry =>
        {
            if (entry.Version.Length == 0)
            {
                throw new VersionNotFoundException($"{model} is not in the desired state of {Location}.");
            }

            return change(entry);
        }, cancellationToken);

    /// <summary>How long the candidate has baked; refuses a promotion the policy does not allow yet.</summary>
    private static TimeSpan EnsurePromotable(string model, RolloutCandidate candidate, RolloutPolicy policy, DateTimeOffset now)
    {
        var baked = now - candidate.StartedAt;
        if (baked < policy.BakeTime)
        {
            throw new CommandRefusedException($"{model} version {candidate.Version} has baked {baked.TotalSeconds:0} s of the {policy.BakeTime.TotalSeconds:0} s the rollout policy needs before promotion (Rollout:BakeTime); it may be promoted from {candidate.StartedAt + policy.BakeTime:u}.");
        }

        if (policy.RequireApproval && candidate.ApprovedBy is null)
        {
            throw new CommandRefusedException($"{model} version {candidate.Version} needs a second operator's approval before promotion (Rollout:RequireApproval).");
        }

        return baked;
    }

    private static RolloutCandidate CandidateOf(string model, ModelEntry entry) =>
        entry.Candidate ?? throw new CommandRefusedException($"{model} has no rollout under way (no candidate in the desired state).");

    private static string Describe(RolloutMode mode, int weight) => mode == RolloutMode.Canary ? $"a {weight}% canary" : "a shadow";
}
