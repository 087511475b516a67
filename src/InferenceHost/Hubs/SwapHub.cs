using Hotswap.Contracts.Control;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Control;
using Hotswap.InferenceHost.Status;
using Hotswap.Registry.Commands;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Hotswap.InferenceHost.Hubs;

/// <summary>
/// <c>/hubs/swap</c>: anyone may watch (status on connect, then every check and swap); control methods (pin, unpin,
/// rollback, refresh and the rollout commands) need the operator token, exactly like the REST control API.
/// </summary>
public sealed class SwapHub(HostStatusReader status, ControlCommands commands, HubSubscribers subscribers) : Hub, ISwapHub
{
    /// <summary>Events are queued for the connection from before its status is read, and sent after it.</summary>
    public override async Task OnConnectedAsync()
    {
        var subscriber = subscribers.Add(Context);
        try
        {
            await Clients.Caller.SendAsync(nameof(ISwapHubClient.Status), status.Read());
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection whose OnConnectedAsync failed.
            subscribers.Remove(Context.ConnectionId);
            throw;
        }

        subscriber.Start();
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscribers.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public Task<HostStatus> GetStatus() => Task.FromResult(status.Read());

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> Refresh(string model, ControlRequest request) => Run(new Refresh(model, request.Reason), request.Force);

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> Pin(string model, PinRequest request) => Run(new PinVersion(model, request.Version, request.Reason), request.Force);

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> Unpin(string model, ControlRequest request) => Run(new Unpin(model, request.Reason), request.Force);

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> Rollback(string model, ControlRequest request) => Run(new Rollback(model, request.Reason), request.Force);

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> StartRollout(string model, StartRolloutRequest request) =>
        Run(new StartRollout(model, request.Version, request.Mode, request.Weight, request.Guard, request.Reason), force: false);

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> SetRolloutWeight(string model, RolloutWeightRequest request) => Run(new SetRolloutWeight(model, request.Weight, request.Reason), force: false);

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> ApproveRollout(string model, ControlRequest request) => Run(new ApproveRollout(model, request.Reason), force: false);

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> PromoteRollout(string model, ControlRequest request) => Run(new PromoteRollout(model, request.Reason), request.Force);

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> AbortRollout(string model, ControlRequest request) => Run(new AbortRollout(model, request.Reason), force: false);

    /// <summary>Hub clients see the same messages as REST callers: a refused command is a HubException with the reason.</summary>
    private async Task<ControlResult> Run(DesiredStateCommand command, bool force)
    {
        try
        {
            return await commands.RunAsync(command, force, ControlActor.Of(Context.User!), Context.ConnectionAborted);
        }
        catch (Exception e) when (ControlErrors.Classify(e) is { } problem)
        {
            throw new HubException(problem.Detail, e);
        }
    }
}
