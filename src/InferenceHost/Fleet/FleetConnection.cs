using System.Net.WebSockets;
using System.Threading.Channels;
using Hotswap.Contracts;
using Hotswap.Contracts.Fleet;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.InferenceHost.Configuration;
using Hotswap.InferenceHost.Status;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Fleet;

/// <summary>
/// A long-running host's outbound connection to the dashboard's fleet hub, kept forever: connect with the fleet token,
/// <c>Register(announcement, status)</c>, then forward every event of the host (<see cref="FleetOutbox"/>) followed by
/// the status after them, until the connection ends; then again, after a jittered, capped backoff
/// (<see cref="FleetBackoff"/>). A refused registration (another connected host holds the id) is logged with the
/// dashboard's reason and retried the same way. The dashboard's <c>Refresh</c> is queued to
/// <see cref="DashboardRefresh"/>, never run on the receive loop. Hosts in <see cref="SwapMode.OnRequest"/> have no
/// connection: they report over HTTP instead (<see cref="FleetReporter"/>). Nothing here is on the swap path or the request path.
/// </summary>
public sealed class FleetConnection(
    FleetOutbox outbox,
    DashboardRefresh refresh,
    HostStatusReader status,
    IOptions<FleetOptions> fleet,
    IOptions<SwapOptions> swap,
    FleetLog log,
    DashboardLinkTracker link,
    BackgroundFaults faults,
    TimeProvider time) : BackgroundService
{
    /// <summary>A send the connection does not take within this (a dashboard that stopped reading) ends the connection.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A dashboard answering hundreds of registrations after its restart may take a while.</summary>
    public static readonly TimeSpan RegisterTimeout = TimeSpan.FromSeconds(30);

    private readonly Uri _hub = fleet.Value.Endpoint(FleetPaths.Hub);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var announcement = Announcement.Of(swap.Value, fleet.Value);
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            string? refused = null;
            string? lost = null;
            try
            {
                refused = await RunSessionAsync(announcement, () => attempt = 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsUnreachable(e))
            {
                lost = e.Message;
            }
            catch (Exception e)
            {
                lost = e.Message;
                faults.Report("fleet connection", e);
            }

            var delay = FleetBackoff.Delay(++attempt, fleet.Value.ReconnectMaxDelay, Random.Shared);
            if (refused is not null)
            {
                link.Set(DashboardLinkState.Refused, refused);
                log.Refused(_hub, announcement.HostId, refused, delay);
            }
            else
            {
                lost ??= "the connection closed";
                link.Set(DashboardLinkState.Connecting, lost);
                log.ConnectionLost(_hub, lost, delay);
            }

            await Task.Delay(delay, time, stoppingToken);
        }
    }

    /// <summary>What a dashboard that is down, slow, restarting or refusing the token makes a connection throw.</summary>
    private static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or WebSocketException or IOException or TimeoutException or OperationCanceledException or InvalidOperationException or HubException;

    /// <summary>One connection, from connect to its end. Returns the dashboard's reason when it refused the registration.</summary>
    private async Task<string?> RunSessionAsync(HostAnnouncement announcement, Action registered, CancellationToken stoppingToken)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(_hub, o => o.AccessTokenProvider = () => Task.FromResult(fleet.Value.Token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default))
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        connection.On<string?, string>(nameof(IFleetHubClient.Refresh), refresh.Ask);
        await connection.StartAsync(stoppingToken).WaitAsync(RegisterTimeout, time, stoppingToken);

        var dashboard = new FleetHubProxy(connection);
        // Queued from before the status is read, sent after it: nothing that happens meanwhile is missed.
        var events = outbox.Open();
        try
        {
            try
            {
                await dashboard.Register(announcement, status.Read(), stoppingToken).WaitAsync(RegisterTimeout, time, stoppingToken);
            }
            catch (HubException e)
            {
                return e.Message;
            }

            registered();
            link.Set(DashboardLinkState.Registered);
            log.Registered(_hub, announcement.HostId);
            await ForwardAsync(events, dashboard, closed.Task, stoppingToken);
            return null;
        }
        finally
        {
            outbox.Close();
        }
    }

    /// <summary>Sends the queued events in order, then the status after them, until the connection closes.</summary>
    private async Task ForwardAsync(ChannelReader<Func<ISwapHubClient, Task>> events, FleetHubProxy dashboard, Task closed, CancellationToken stoppingToken)
    {
        while (true)
        {
            var ready = events.WaitToReadAsync(stoppingToken).AsTask();
            if (await Task.WhenAny(ready, closed) == closed || !await ready)
            {
                return;
            }

            while (events.TryRead(out var send))
            {
                await send(dashboard).WaitAsync(SendTimeout, time, stoppingToken);
            }

            if (outbox.TakeDropped() is > 0 and var dropped)
            {
                log.EventsDropped(dropped);
            }

            await dashboard.Status(status.Read()).WaitAsync(SendTimeout, time, stoppingToken);
        }
    }
}
