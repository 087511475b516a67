using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;

namespace Hotswap.Contracts.Swapping;

/// <summary>
/// <see cref="ISwapHubClient"/> over one SignalR send: each event goes out as its method's name and one argument. A
/// hand-written proxy rather than SignalR's strongly typed one, which is generated at run time and so has no place in a
/// Native AOT host.
/// </summary>
public class SwapEventSender(Func<string, object, Task> send) : ISwapHubClient
{
    public Task Status(HostStatus status) => send(nameof(Status), status);

    public Task SwapStarted(SwapStarted e) => send(nameof(SwapStarted), e);

    public Task SwapSucceeded(SwapSucceeded e) => send(nameof(SwapSucceeded), e);

    public Task SwapFailed(SwapFailed e) => send(nameof(SwapFailed), e);

    public Task ModelRemoved(ModelRemoved e) => send(nameof(ModelRemoved), e);

    public Task ValidationWarning(ValidationWarning e) => send(nameof(ValidationWarning), e);

    public Task DesiredStateChanged(DesiredStateChanged e) => send(nameof(DesiredStateChanged), e);

    public Task CheckCompleted(CheckCompleted e) => send(nameof(CheckCompleted), e);

    public Task RolloutStats(RolloutStats e) => send(nameof(RolloutStats), e);

    public Task AutoRolledBack(AutoRollback e) => send(nameof(AutoRolledBack), e);

    public Task BackgroundFault(BackgroundFault e) => send(nameof(BackgroundFault), e);
}
