using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hotswap.Contracts.Status;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Hotswap.Testing.Hosts;

/// <summary>
/// A real InferenceHost on Kestrel, on a loopback port, stopped when disposed: in this test process (the default,
/// stopped gracefully), or, once a test assembly calls <see cref="UsePublishedExecutable"/>, the published executable
/// as a process (<see cref="InferenceHostProcess"/>, killed). Clients and helpers are the same either way.
/// </summary>
public abstract class RunningHost : IAsyncDisposable
{
    public const string OperatorToken = "hotswap-tests-operator-token-3f9c1a7e";

    private static Func<Task<ProcessStartInfo>>? s_publishedExecutable;
    private int _disposed;

    /// <summary>The cache folder the host got because the test gave none: deleted with the host.</summary>
    private readonly string? _ownCache;

    private protected RunningHost(Uri address, string? ownCache)
    {
        _ownCache = ownCache;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Operator = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(90) };
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
    }

    public Uri Address { get; }

    /// <summary>A client without credentials, as a caller of the predict API.</summary>
    public HttpClient Client { get; }

    /// <summary>A client with the operator token.</summary>
    public HttpClient Operator { get; }

    /// <summary>The host's services; a test that needs them is skipped when the host is a process.</summary>
    public virtual IServiceProvider Services => SkipOutOfProcess<IServiceProvider>("The host's services");

    /// <summary>
    /// Makes every host this test process starts through <see cref="StartAsync"/> a process of the executable
    /// <paramref name="executable"/> describes (a published Native AOT host), so a suite written against
    /// <see cref="RunningHost"/> tests the binary that ships. Tests needing what only an in-process host has are skipped.
    /// </summary>
    public static void UsePublishedExecutable(Func<Task<ProcessStartInfo>> executable) => s_publishedExecutable = executable;

    /// <param name="port">0 for a free port; a given one to bring a stopped host back where its clients expect it.</param>
    /// <param name="logs">When given, receives every log entry of the host, at every level and category.</param>
    public static async Task<RunningHost> StartAsync(ModelStoreScenario store, IDictionary<string, string?>? settings = null, TimeProvider? time = null, string? cacheDirectory = null, int port = 0, LogCapture? logs = null)
    {
        if (s_publishedExecutable is null)
        {
            return await InProcessHost.StartInProcessAsync(store, settings, time, cacheDirectory, port, logs);
        }

        if (time is not null)
        {
            SkipOutOfProcess<bool>("A test's TimeProvider");
        }

        if (logs is not null)
        {
            SkipOutOfProcess<bool>("Capturing the host's logs");
        }

        return await InferenceHostProcess.StartAsync(store, settings, cacheDirectory, await s_publishedExecutable(), port);
    }

    /// <summary>
    /// A test host's configuration: the store, fast polls and retries, its cache folder, the operator
    /// token and the <see cref="TestOperators"/>, then <paramref name="settings"/> over them. Hosts in-process and as processes share it.
    /// </summary>
    public static Dictionary<string, string?> Configuration(ModelStoreScenario store, IDictionary<string, string?>? settings, string cacheDirectory)
    {
        var configuration = new Dictionary<string, string?>(store.Server.StoreConfiguration(store.Prefix))
        {
            ["Swap:PollInterval"] = "00:00:00.200",
            ["Swap:RetryBaseDelay"] = "00:00:00.200",
            ["Swap:RetryMaxDelay"] = "00:00:01",
            ["Swap:WarmupRuns"] = "2",
            ["Swap:CacheDirectory"] = cacheDirectory,
            ["Control:Token"] = OperatorToken,
        };
        foreach (var (key, value) in TestOperators.Configuration())
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return configuration;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Sends the seed client's request for one row of features.</summary>
    public Task<HttpResponseMessage> PredictAsync(float[] row, string? model = null) =>
        Client.PostAsJsonAsync("/predict", new { data = new[] { row }, model });

    /// <summary>Waits until the host reports <paramref name="version"/> of <paramref name="model"/> serving.</summary>
    /// <param name="timeout">
    /// Two minutes unless given: a first version's download, load and warm-up in a host started moments ago, maybe a
    /// process still starting, on a busy 2-core machine.
    /// </param>
    public Task<ModelStatus?> WaitUntilServingAsync(string version, string model = ModelStoreScenario.Model, TimeSpan? timeout = null) =>
        WaitForStatusAsync(s => s?.ServedVersion == version, $"{model} version {version} to serve", model, timeout ?? TimeSpan.FromSeconds(120));

    /// <summary>Waits until the host reports <paramref name="model"/> in a status that meets <paramref name="condition"/>.</summary>
    public Task<ModelStatus?> WaitForStatusAsync(Func<ModelStatus?, bool> condition, string what, string model = ModelStoreScenario.Model, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            () => ModelStatusAsync(model).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null),
            condition,
            what,
            timeout);

    /// <summary>One model's status, as <c>GET /models/{model}</c> answers it.</summary>
    public Task<ModelStatus?> ModelStatusAsync(string model = ModelStoreScenario.Model) =>
        Client.GetFromJsonAsync<ModelStatus>($"/models/{model}", Json.Options);

    /// <summary>The host's whole status, as <c>GET /status</c> answers it.</summary>
    public async Task<HostStatus> StatusAsync() => (await Client.GetFromJsonAsync<HostStatus>("/status", Json.Options))!;

    /// <summary>Stops the host; a second call (a test that stopped it, then its fixture) does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Client.Dispose();
        Operator.Dispose();
        await StopAsync();
        if (_ownCache is not null)
        {
            DeleteCacheDirectory(_ownCache);
        }
    }

    public static string NewCacheDirectory() => Directory.CreateTempSubdirectory("hotswap-cache-").FullName;

    /// <summary>Deletes a cache folder a stopped host no longer uses; one that cannot go yet is left to the OS's temp cleaning.</summary>
    public static void DeleteCacheDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open (a version the host was flushing as it stopped) keeps the folder; harmless.
        }
    }

    /// <summary>The cache folder a new host uses: the test's, or a new one the host owns and deletes when disposed.</summary>
    private protected static (string Path, string? Owned) CacheFolder(string? cacheDirectory)
    {
        if (cacheDirectory is not null)
        {
            return (cacheDirectory, null);
        }

        var owned = NewCacheDirectory();
        return (owned, owned);
    }

    private protected abstract ValueTask StopAsync();

    /// <summary>Reports the running test skipped, never passed: <paramref name="what"/> cannot reach a host in another process.</summary>
    private protected static T SkipOutOfProcess<T>(string what)
    {
        Assert.Skip($"{what} needs the host in-process; here it runs as a process.");
        throw new UnreachableException();
    }
}
