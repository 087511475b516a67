using Hotswap.Contracts.Control;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Control;
using Hotswap.InferenceHost.Status;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Hotswap.InferenceHost.Hubs;

/// <summary>
/// <c>/hubs/swap</c>: anyone may watch (status on connect, then every check and swap); control methods need the
/// operator token, exactly like the REST control API.
/// </summary>
public sealed class SwapHub(HostStatusReader status, ControlCommands commands, HubSubscribers subscribers) : Hub<ISwapHubClient>, ISwapHub
{
    /// <summary>Events are queued for the connection from before its status is read, and sent after it.</summary>
    public override async Task OnConnectedAsync()
    {
        var subscriber = subscribers.Add(Context);
        try
        {
            await Clients.Caller.Status(status.Read());
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
    public Task<ControlResult> Refresh(string model, ControlRequest request) => Run(() => commands.RefreshAsync(model, request, ControlActor.Of(Context.User!), Context.ConnectionAborted));

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> Pin(string model, PinRequest request) => Run(() => commands.PinAsync(model, request, ControlActor.Of(Context.User!), Context.ConnectionAborted));

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> Unpin(string model, ControlRequest request) => Run(() => commands.UnpinAsync(model, request, ControlActor.Of(Context.User!), Context.ConnectionAborted));

    [Authorize(Policy = ControlTokenHandler.OperatorPolicy)]
    public Task<ControlResult> Rollback(string model, ControlRequest request) => Run(() => commands.RollbackAsync(model, request, ControlActor.Of(Context.User!), Context.ConnectionAborted));

    /// <summary>Hub clients see the same messages as REST callers: a refused command is a HubException with the reason.</summary>
    private static async Task<ControlResult> Run(Func<Task<ControlResult>> command)
    {
        try
        {
            return await command();
        }
        catch (Exception e) when (ControlErrors.Classify(e) is { } problem)
        {
            throw new HubException(problem.Detail, e);
        }
    }
}
