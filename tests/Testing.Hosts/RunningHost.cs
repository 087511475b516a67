using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hotswap.Contracts.Status;
using Hotswap.InferenceHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotswap.Testing.Hosts;

/// <summary>A real InferenceHost on Kestrel, on a free loopback port, stopped when disposed.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private int _disposed;
    public const string OperatorToken = "hotswap-tests-operator-token-3f9c1a7e";
    private readonly WebApplication _app;

    /// <summary>The cache folder the host got because the test gave none: deleted with the host.</summary>
    private readonly string? _ownCache;

    private RunningHost(WebApplication app, Uri address, string? ownCache)
    {
        _app = app;
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

    public IServiceProvider Services => _app.Services;

    /// <param name="port">0 for a free port; a given one to bring a stopped host back where its clients expect it.</param>
    /// <param name="logs">When given, receives every log entry of the host, at every level and category.</param>
    public static async Task<RunningHost> StartAsync(ModelStoreScenario store, IDictionary<string, string?>? settings = null, TimeProvider? time = null, string? cacheDirectory = null, int port = 0, LogCapture? logs = null)
    {
        var cache = cacheDirectory ?? NewCacheDirectory();
        var ownCache = cacheDirectory is null ? cache : null;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(Configuration(store, settings, cache));
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (logs is not null)
        {
            // Everything, overriding appsettings' levels, yet below whatever the host itself filters out for every provider.
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddFilter("Microsoft", LogLevel.Trace);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Trace);
        }

        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddInferenceHost();
        var app = builder.Build();
        app.MapInferenceHost();
        await app.StartAsync();
        return new RunningHost(app, new Uri(app.Urls.First()), ownCache);
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

    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Sends the seed client's request for one row of features.</summary>
    public Task<HttpResponseMessage> PredictAsync(float[] row, string? model = null) =>
        Client.PostAsJsonAsync("/predict", new { data = new[] { row }, model });

    /// <summary>Waits until the host reports <paramref name="version"/> of <paramref name="model"/> serving.</summary>
    public Task<ModelStatus?> WaitUntilServingAsync(string version, string model = ModelStoreScenario.Model) =>
        WaitForStatusAsync(s => s?.ServedVersion == version, $"{model} version {version} to serve", model);

    /// <summary>Waits until the host reports <paramref name="model"/> in a status that meets <paramref name="condition"/>.</summary>
    public Task<ModelStatus?> WaitForStatusAsync(Func<ModelStatus?, bool> condition, string what, string model = ModelStoreScenario.Model) =>
        Eventually.ReturnsAsync(
            () => Client.GetFromJsonAsync<ModelStatus>($"/models/{model}", Json.Options).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null),
            condition,
            what);

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
        await _app.StopAsync();
        await _app.DisposeAsync();
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
}
