using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using Hotswap.Contracts.Status;

namespace Hotswap.Testing.Hosts;

/// <summary>
/// The inference host as built (<c>dotnet src/InferenceHost/bin/&lt;Configuration&gt;/net10.0/Hotswap.InferenceHost.dll</c>),
/// in a process of its own on a free loopback port, configured through environment variables as an operator would.
/// It can be killed (SIGKILL) like a crash, and its process measured (/proc) for soak tests.
/// </summary>
public sealed class InferenceHostProcess : IAsyncDisposable
{
    private readonly CapturedProcess _process;
    private int _disposed;

    /// <summary>The cache folder the host got because the test gave none: deleted once the process is gone.</summary>
    private readonly string? _ownCache;

    private InferenceHostProcess(CapturedProcess process, Uri address, int pid, string? ownCache)
    {
        _process = process;
        _ownCache = ownCache;
        Address = address;
        Pid = pid;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Operator = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(90) };
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RunningHost.OperatorToken);
    }

    public Uri Address { get; }

    public int Pid { get; }

    public HttpClient Client { get; }

    public HttpClient Operator { get; }

    public string Output => _process.Output;

    public static string Dll { get; } = Path.Combine(
        RepositoryRoot.Path, "src", "InferenceHost", "bin",
        typeof(InferenceHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release",
        "net10.0", "Hotswap.InferenceHost.dll");

    /// <summary>Starts a host with <see cref="RunningHost.Configuration"/> and waits until it answers /healthz.</summary>
    /// <param name="executable">How to start a published host (a Native AOT executable); the build's <see cref="Dll"/> when null.</param>
    public static async Task<InferenceHostProcess> StartAsync(ModelStoreScenario store, IDictionary<string, string?>? settings = null, string? cacheDirectory = null, ProcessStartInfo? executable = null)
    {
        if (executable is null && !File.Exists(Dll))
        {
            throw new FileNotFoundException($"{Dll} is missing: build the solution first.", Dll);
        }

        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = executable ?? new ProcessStartInfo("dotnet") { ArgumentList = { Dll }, WorkingDirectory = Path.GetDirectoryName(Dll)! };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        var cache = cacheDirectory ?? RunningHost.NewCacheDirectory();
        var ownCache = cacheDirectory is null ? cache : null;
        foreach (var (key, value) in RunningHost.Configuration(store, settings, cache))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = CapturedProcess.Start(start);
        var host = new InferenceHostProcess(process, address, process.Id, ownCache);
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

    public Task<ModelStatus?> StatusAsync(string model = ModelStoreScenario.Model) =>
        Client.GetFromJsonAsync<ModelStatus>($"/models/{model}", Json.Options);

    public Task<ModelStatus?> WaitUntilServingAsync(string version, string model = ModelStoreScenario.Model, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => StatusAsync(model).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null),
            s => s?.ServedVersion == version,
            $"{model} version {version} to serve in the host process",
            timeout ?? TimeSpan.FromSeconds(120));

    /// <summary>Kills the host at once (SIGKILL), as a crash or an out-of-memory kill would, and waits for it to be gone.</summary>
    public ValueTask KillAsync() => DisposeAsync();

    /// <summary>Kills the process; a second call (a test that killed it, then its <c>await using</c>) does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Client.Dispose();
        Operator.Dispose();
        await _process.DisposeAsync();
        if (_ownCache is not null)
        {
            RunningHost.DeleteCacheDirectory(_ownCache);
        }
    }

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
