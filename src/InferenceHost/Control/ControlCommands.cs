using Hotswap.Contracts.Control;
using Hotswap.InferenceHost.Status;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Registry;
using Hotswap.Registry.Rollouts;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Control;

/// <summary>
/// Operator commands, shared by the REST control API and the hub. Pin, unpin, rollback and the rollout commands write the fleet-wide
/// desired state in the store first (so every host, restarted ones too, converges on it), then this host converges
/// at once instead of waiting for its next poll. Commands run one at a time, so the state a host ends in is the
/// last command's.
/// </summary>
public sealed class ControlCommands(ModelRegistry registry, Reconciler reconciler, HostStatusReader status, IOptions<RolloutPolicy> rolloutPolicy)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public Task<ControlResult> RefreshAsync(string model, ControlRequest request, string actor, CancellationToken cancellationToken) =>
        RunAsync(model, "refresh", request.Force, _ => Task.CompletedTask, cancellationToken);

    public Task<ControlResult> PinAsync(string model, PinRequest request, string actor, CancellationToken cancellationToken)
    {
        Naming.EnsureValidVersion(model, request.Version);
        return RunAsync(model, "pin", request.Force, ct => registry.PinAsync(model, request.Version, Actor(actor), Reason(request.Reason), ct), cancellationToken);
    }

    public Task<ControlResult> UnpinAsync(string model, ControlRequest request, string actor, CancellationToken cancellationToken) =>
        RunAsync(model, "unpin", request.Force, ct => registry.UnpinAsync(model, Actor(actor), Reason(request.Reason), ct), cancellationToken);

    public Task<ControlResult> RollbackAsync(string model, ControlRequest request, string actor, CancellationToken cancellationToken) =>
        RunAsync(model, "rollback", request.Force, ct => registry.RollbackAsync(model, Actor(actor), Reason(request.Reason), ct), cancellationToken);

    public Task<ControlResult> StartRolloutAsync(string model, StartRolloutRequest request, string actor, CancellationToken cancellationToken)
    {
        Naming.EnsureValidVersion(model, request.Version);
        return RunAsync(model, $"rollout-{request.Mode.ToString().ToLowerInvariant()}", false, ct => registry.StartRolloutAsync(model, request.Version, request.Mode, request.Weight, request.Guard, Actor(actor), Reason(request.Reason), ct), cancellationToken);
    }

    public Task<ControlResult> SetRolloutWeightAsync(string model, RolloutWeightRequest request, string actor, CancellationToken cancellationToken) =>
        RunAsync(model, "rollout-weight", false, ct => registry.SetRolloutWeightAsync(model, request.Weight, Actor(actor), Reason(request.Reason), ct), cancellationToken);

    public Task<ControlResult> ApproveRolloutAsync(string model, ControlRequest request, string actor, CancellationToken cancellationToken) =>
        RunAsync(model, "approve", false, ct => registry.ApproveRolloutAsync(model, Actor(actor), Reason(request.Reason), ct), cancellationToken);

    public Task<ControlResult> PromoteAsync(string model, ControlRequest request, string actor, CancellationToken cancellationToken) =>
        RunAsync(model, "promote", request.Force, ct => registry.PromoteAsync(model, rolloutPolicy.Value, Actor(actor), Reason(request.Reason), ct), cancellationToken);

    public Task<ControlResult> AbortRolloutAsync(string model, ControlRequest request, string actor, CancellationToken cancellationToken) =>
        RunAsync(model, "abort", false, ct => registry.AbortRolloutAsync(model, Actor(actor), Reason(request.Reason), ct), cancellationToken);

    public const int MaxReasonLength = 1000;

    private async Task<ControlResult> RunAsync(string model, string action, bool force, Func<CancellationToken, Task> changeDesiredState, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await changeDesiredState(cancellationToken);
            _ = await reconciler.ConvergeNowAsync(model, action, force, cancellationToken)
                ?? throw new VersionNotFoundException($"{model} is not in the desired state this host follows.");
        }
        finally
        {
            _oneAtATime.Release();
        }

        var now = status.Read(model)!;
        return new ControlResult(model, action, now.DesiredVersion, now.Pinned, now.ServedVersion, now.State.ToString(), now.LastError, now.Rollout);
    }

    private static string Actor(string actor) => actor.Length > 100 ? actor[..100] : actor;

    private static string? Reason(string? reason) => reason is { Length: > MaxReasonLength }
        ? throw new ArgumentException($"The reason is {reason.Length} characters long; at most {MaxReasonLength} are kept.")
        : reason;
}
