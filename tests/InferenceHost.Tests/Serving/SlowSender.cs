using System.Net.Sockets;
using System.Text;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Serving;

/// <summary>A client on a raw socket that declares a body, sends its first bytes and then sends more only when told.</summary>
internal sealed class SlowSender : IAsyncDisposable
{
    private readonly TcpClient _client;

    private SlowSender(TcpClient client) => _client = client;

    public NetworkStream Stream => _client.GetStream();

    /// <summary>Connects to <paramref name="host"/>, sends the headers of a prediction declaring <paramref name="declaredBytes"/> and the body's first bytes.</summary>
    public static async Task<SlowSender> StartAsync(RunningHost host, int declaredBytes)
    {
        var client = new TcpClient();
        await client.ConnectAsync(host.Address.Host, host.Address.Port);
        var head = $"POST /invocations HTTP/1.1\r\nHost: {host.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {declaredBytes}\r\n\r\n{{\"inputs\":";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        return new SlowSender(client);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
