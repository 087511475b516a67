using Hotswap.Bench.NoopServer;

namespace Hotswap.Bench.Processes;

/// <summary>Starts the bench's own executable as the no-op server, a process exactly like the host's.</summary>
public static class NoopServerProcess
{
    public static ServerProcess Start(string name = "no-op server") =>
        ServerProcess.Start(name, BuiltApplications.BenchDll, new Dictionary<string, string>(), NoopServerApp.Command);

    public static Task<ServerProcess> StartReadyAsync(CancellationToken cancellationToken, string name = "no-op server") =>
        Start(name).ReadyAsync(AnswersAsync, TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>True once the no-op endpoint answers 200.</summary>
    public static async Task<bool> AnswersAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(NoopServerApp.Path, new ByteArrayContent([]), cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
