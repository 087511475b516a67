using System.Diagnostics;
using System.Reflection;

namespace Hotswap.Testing.Hosts;

/// <summary>
/// The inference host as built (<c>dotnet src/InferenceHost/bin/&lt;Configuration&gt;/net10.0/Hotswap.InferenceHost.dll</c>),
/// or a published executable, in a process of its own on a loopback port, configured through environment variables as
/// an operator would. It can be killed (SIGKILL) like a crash, as disposing it does, and its process measured (/proc)
/// for soak tests. What only an in-process host offers (<see cref="RunningHost.Services"/>) skips the test.
/// </summary>
public sealed class InferenceHostProcess : RunningHost
{
    private readonly CapturedProcess _process;

    private InferenceHostProcess(CapturedProcess process, Uri address, string? ownCache)
        : base(address, ownCache)
    {
        _process = process;
        Pid = process.Id;
    }

    public int Pid { get; }

    public string Output => _process.Output;

    public static string Dll { get; } = Path.Combine(
        RepositoryRoot.Path, "src", "InferenceHost", "bin",
        typeof(InferenceHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release",
        "net10.0", "Hotswap.InferenceHost.dll");

    /// <summary>Starts a host with <see cref="RunningHost.Configuration"/> and waits until it answers /healthz.</summary>
    /// <param name="executable">How to start a published host (a Native AOT executable); the build's <see cref="Dll"/> when null.</param>
    /// <param name="port">0 for a free port; a given one to bring a stopped host back where its clients expect it.</param>
    public static async Task<InferenceHostProcess> StartAsync(ModelStoreScenario store, IDictionary<string, string?>? settings = null, string? cacheDirectory = null, ProcessStartInfo? executable = null, int port = 0)
    {
        if (executable is null && !File.Exists(Dll))
        {
            throw new FileNotFoundException($"{Dll} is missing: build the solution first.", Dll);
        }

        var address = new Uri($"http://127.0.0.1:{(port == 0 ? FreePort.Next() : port)}");
        var start = executable ?? new ProcessStartInfo("dotnet") { ArgumentList = { Dll }, WorkingDirectory = Path.GetDirectoryName(Dll)! };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        var cache = CacheFolder(cacheDirectory);
        foreach (var (key, value) in Configuration(store, settings, cache.Path))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = CapturedProcess.Start(start);
        var host = new InferenceHostProcess(process, address, cache.Owned);
        try
        {
            await Eventually.ReturnsAsync(
                async () => process.HasExited ? throw new InvalidOperationException($"The host exited at start:{Environment.NewLine}{process.Output}") : await IsLiveAsync(host.Client),
                live => live,
                "the host process to answer /healthz",
                TimeSpan.FromSeconds(60));
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the host at once (SIGKILL), as a crash or an out-of-memory kill would, and waits for it to be gone.</summary>
    public ValueTask KillAsync() => DisposeAsync();

    private protected override ValueTask StopAsync() => _process.DisposeAsync();

    private static async Task<bool> IsLiveAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/healthz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
