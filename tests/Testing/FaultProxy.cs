using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Hotswap.Testing;

/// <summary>
/// A TCP proxy on a free loopback port in front of a server on another loopback port, for tests of a slow or stalled
/// network: what the server sends back can be throttled to a rate or held entirely, at any moment, on open connections
/// too. A connection to a server that is down is closed at once, as the server's own port would refuse it.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int ChunkBytes = 16 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = Flowing();
    private long _bytesPerSecond;
    private long _bytesDown;

    public FaultProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Bytes passed from the server to clients so far.</summary>
    public long BytesDown => Interlocked.Read(ref _bytesDown);

    /// <summary>The rate at which the server's bytes reach clients; 0 for no limit.</summary>
    public long BytesPerSecond
    {
        get => Interlocked.Read(ref _bytesPerSecond);
        set => Interlocked.Exchange(ref _bytesPerSecond, value);
    }

    /// <summary>While stalled, nothing the server sends reaches a client: requests go out, answers never come back.</summary>
    public bool Stalled
    {
        get => !Volatile.Read(ref _flowing).Task.IsCompleted;
        set
        {
            if (value && !Stalled)
            {
                Volatile.Write(ref _flowing, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }
            else if (!value)
            {
                Volatile.Read(ref _flowing).TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Stalled = false;
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections.Keys);
        _stopping.Dispose();
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = ServeAsync(client);
            _connections[connection] = 0;
            _ = connection.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stopping.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return;
            }

            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var up = PumpAsync(client.GetStream(), server.GetStream(), shaped: false, done.Token);
            var down = PumpAsync(server.GetStream(), client.GetStream(), shaped: true, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
            await Task.WhenAll(up, down);
        }
    }

    /// <summary>Copies until either side closes; the server's answers (<paramref name="shaped"/>) obey the stall and the rate.</summary>
    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool shaped, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        try
        {
            while (true)
            {
                var limit = shaped && BytesPerSecond > 0 ? (int)Math.Clamp(BytesPerSecond / 20, 1, ChunkBytes) : ChunkBytes;
                var read = await from.ReadAsync(buffer.AsMemory(0, limit), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                if (shaped)
                {
                    await Volatile.Read(ref _flowing).Task.WaitAsync(cancellationToken);
                    if (BytesPerSecond > 0)
                    {
                        // Simulated bandwidth: the chunk takes as long to arrive as the rate says.
                        await Task.Delay(TimeSpan.FromSeconds((double)read / BytesPerSecond), cancellationToken);
                    }
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (shaped)
                {
                    Interlocked.Add(ref _bytesDown, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away (or the proxy stops): the connection ends, as it would without the proxy.
        }
    }
}
