using System.Net.WebSockets;
using System.Text;

namespace Hotswap.InferenceHost.Tests.Hubs;

/// <summary>
/// A raw WebSocket client of the swap hub that completes the SignalR handshake, reads until its status arrives, then
/// never reads again: the server's sends to it back up until its socket buffers are full. It keeps sending pings, so
/// the server's client timeout never closes it: it looks alive, as a hostile or wedged client can.
/// </summary>
internal sealed class StuckHubClient : IDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();

    public static async Task<StuckHubClient> ConnectAsync(Uri host)
    {
        var client = new StuckHubClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client._socket.ConnectAsync(new Uri($"ws://{host.Authority}{Contracts.HubPaths.Swap}"), timeout.Token);
        await client._socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"protocol\":\"json\",\"version\":1}}{RecordSeparator}"), WebSocketMessageType.Text, true, timeout.Token);
        var received = new StringBuilder();
        var buffer = new byte[16 * 1024];
        while (!received.ToString().Contains("\"target\":\"Status\"", StringComparison.Ordinal))
        {
            var read = await client._socket.ReceiveAsync(buffer, timeout.Token);
            received.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
        }

        _ = client.PingAsync();
        return client;
    }

    private async Task PingAsync()
    {
        var ping = Encoding.UTF8.GetBytes($"{{\"type\":6}}{RecordSeparator}");
        using var every = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await every.WaitForNextTickAsync(_stop.Token))
            {
                await _socket.SendAsync(ping, WebSocketMessageType.Text, true, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped, or the server closed the connection.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
