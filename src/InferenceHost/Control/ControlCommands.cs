using Hotswap.Contracts.Control;
using Hotswap.InferenceHost.Status;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Registry;

namespace Hotswap.InferenceHost.Control;

/// <summary>
/// Operator commands, shared by the REST control API and the hub. Pin, unpin and rollback write the fleet-wide
/// desired state in the store first (so every host, restarted ones too, converges on it), then this host converges
/// at once instead of waiting for its next poll.
/// </summary>
public sealed class ControlCommands(ModelRegistry registry, Reconciler reconciler, HostStatusReader status)
{
    public Task<ControlResult> RefreshAsync(string model, ControlRequest request, CancellationToken cancellationToken) =>
        ConvergeAsync(model, "refresh", request.Force, cancellationToken);

    public async Task<ControlResult> PinAsync(string model, PinRequest request, CancellationToken cancellationToken)
    {
        Naming.EnsureValidVersion(model, request.Version);
        await registry.PinAsync(model, request.Version, Actor(request.Actor), Reason(request.Reason), cancellationToken);
        return await ConvergeAsync(model, "pin", request.Force, cancellationToken);
    }

    public async Task<ControlResult> UnpinAsync(string model, ControlRequest request, CancellationToken cancellationToken)
    {
        await registry.UnpinAsync(model, Actor(request.Actor), Reason(request.Reason), cancellationToken);
        return await ConvergeAsync(model, "unpin", request.Force, cancellationToken);
    }

    public async Task<ControlResult> RollbackAsync(string model, ControlRequest request, CancellationToken cancellationToken)
    {
        await registry.RollbackAsync(model, Actor(request.Actor), Reason(request.Reason), cancellationToken);
        return await ConvergeAsync(model, "rollback", request.Force, cancellationToken);
    }

    public const int MaxReasonLength = 1000;

    private async Task<ControlResult> ConvergeAsync(string model, string action, bool force, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        _ = await reconciler.ConvergeNowAsync(model, action, force, cancellationToken)
            ?? throw new VersionNotFoundException($"{model} is not in the desired state this host follows.");
        var now = status.Read(model)!;
        return new ControlResult(model, action, now.DesiredVersion, now.Pinned, now.ServedVersion, now.State.ToString(), now.LastError);
    }

    private static string Actor(string? actor) => string.IsNullOrWhiteSpace(actor) ? "operator" : actor.Length > 100 ? actor[..100] : actor;

    private static string? Reason(string? reason) => reason is { Length: > MaxReasonLength }
        ? throw new ArgumentException($"The reason is {reason.Length} characters long; at most {MaxReasonLength} are kept.")
        : reason;
}
