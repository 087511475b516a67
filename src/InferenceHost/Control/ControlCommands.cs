using Hotswap.Contracts.Control;
using Hotswap.InferenceHost.Status;
using Hotswap.InferenceHost.Swapping;
using Hotswap.Registry;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Rollouts;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Control;

/// <summary>
/// Operator commands, shared by the REST control API and the hub. Each is a <see cref="DesiredStateCommand"/> applied
/// (limits, rollout policy, audit) by the registry's <see cref="DesiredStateCommands"/>, which writes the fleet-wide
/// desired state in the store first (so every host, restarted ones too, converges on it); then this host converges at
/// once instead of waiting for its next poll. Commands run one at a time, so the state a host ends in is the last command's.
/// </summary>
public sealed class ControlCommands(ModelRegistry registry, Reconciler reconciler, HostStatusReader status, IOptions<RolloutPolicy> rolloutPolicy)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <param name="force">Skip the signature check when this host converges.</param>
    /// <param name="actor">The authenticated operator (<see cref="ControlActor"/>).</param>
    public async Task<ControlResult> RunAsync(DesiredStateCommand command, bool force, string actor, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(command.Model);
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await registry.Commands(rolloutPolicy.Value).ApplyAsync(command, actor, cancellationToken);
            _ = await reconciler.ConvergeNowAsync(command.Model, command.Change, force, cancellationToken)
                ?? throw new VersionNotFoundException($"{command.Model} is not in the desired state this host follows.");
        }
        finally
        {
            _oneAtATime.Release();
        }

        var now = status.Read(command.Model)!;
        return new ControlResult(command.Model, command.Change, now.DesiredVersion, now.Pinned, now.ServedVersion, now.State.ToString(), now.LastError, now.Rollout);
    }
}
