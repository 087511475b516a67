using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Hotswap.Onnx;
using Hotswap.Registry;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Versions;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.Deployment.Tests;

/// <summary>
/// The host as its image runs it (the Dockerfile's publish output: the Native AOT executable), stopped
/// the way Docker and Kubernetes stop it: SIGTERM, then a grace period. A request whose body is still arriving stands
/// for one in flight.
/// </summary>
public sealed class HostShutdownTests : IAsyncLifetime
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"data": [[5.1, 3.5, 0.2]], "model": "iris_model"}""");
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("hotswap-shutdown-");
    private readonly PublishedDockerfile _dockerfile = PublishedDockerfile.Host;
    private PublishedDockerfile.Output? _published;

    public async ValueTask InitializeAsync()
    {
        _published = await _dockerfile.PublishedAsync();
        var registry = ModelRegistry.Create(new ModelStoreOptions { Uri = StoreDirectory }, TimeProvider.System);
        var onnx = Path.Combine(_scratch.FullName, "model.onnx");
        await File.WriteAllBytesAsync(onnx, GeneratedModel.Linear([1f, 1f, 1f], 1).ToOnnx());
        await registry.PublishAsync(
            new PublishRequest { Model = "iris_model", Version = "1", OnnxFilePath = onnx, Signature = ModelStoreScenario.ThreeFeatures, PublishedBy = "Deployment.Tests" },
            CancellationToken.None);
    }

    private string StoreDirectory => Path.Combine(_scratch.FullName, "store");

    [Fact]
    public async Task A_request_in_flight_when_the_host_gets_sigterm_is_answered_before_the_host_exits()
    {
        var (host, port) = await StartHostAsync(shutdownTimeoutSeconds: 20);
        await using var _ = host;
        using var request = await SendHalfAsync(port);

        await TerminateAsync(host);
        await WaitUntilRefusedAsync(port);
        var response = await FinishAsync(request);

        Assert.StartsWith("HTTP/1.1 200", response);
        Assert.Contains("\"model_version\":\"1\"", response);
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, host.ExitCode);
    }

    [Fact]
    public async Task The_host_stops_waiting_for_a_request_after_ShutdownTimeoutSeconds()
    {
        var (host, port) = await StartHostAsync(shutdownTimeoutSeconds: 1);
        await using var _ = host;
        using var request = await SendHalfAsync(port);
        var stopwatch = Stopwatch.StartNew();

        await TerminateAsync(host);
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _scratch.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A host may still be flushing its cache as it dies; a temp folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }

    private async Task<(CapturedProcess Host, int Port)> StartHostAsync(int shutdownTimeoutSeconds)
    {
        var port = FreePort.Next();
        var start = _published!.StartInfo(_dockerfile);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ModelStore__Uri"] = StoreDirectory;
        start.Environment["Swap__CacheDirectory"] = Path.Combine(_scratch.FullName, $"cache-{port}");
        start.Environment["Swap__WarmupRuns"] = "1";
        start.Environment["ShutdownTimeoutSeconds"] = shutdownTimeoutSeconds.ToString();
        var host = CapturedProcess.Start(start);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Eventually.ReturnsAsync(
                async () => host.HasExited ? throw new InvalidOperationException($"The host exited at start: {host.Output}") : await TryGetAsync(http, "/readyz"),
                ok => ok, "the published host to be ready", TimeSpan.FromSeconds(60));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return (host, port);
    }

    private static async Task<bool> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends the headers and half the body of a prediction, leaving the request in flight.</summary>
    private static async Task<TcpClient> SendHalfAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var head = Encoding.ASCII.GetBytes($"POST /predict HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n");
        await client.GetStream().WriteAsync(head);
        await client.GetStream().WriteAsync(Body.AsMemory(0, Body.Length / 2));
        return client;
    }

    private static async Task<string> FinishAsync(TcpClient client)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Body.AsMemory(Body.Length / 2));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Kestrel closes its listener as soon as shutdown begins: from then on the host is draining.</summary>
    private static Task WaitUntilRefusedAsync(int port) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync("127.0.0.1", port);
                    return false;
                }
                catch (SocketException)
                {
                    return true;
                }
            },
            refused => refused, $"port {port} to stop accepting connections", TimeSpan.FromSeconds(10));

    private static async Task TerminateAsync(CapturedProcess host)
    {
        var kill = await ToolRun.RunAsync("kill", ["-TERM", host.Id.ToString()], TimeSpan.FromSeconds(10));
        Assert.True(kill.ExitCode == 0, $"kill -TERM {host.Id} failed: {kill.Output}");
    }
}
