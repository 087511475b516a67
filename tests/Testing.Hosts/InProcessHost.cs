using Hotswap.InferenceHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotswap.Testing.Hosts;

/// <summary>The <see cref="RunningHost"/> most tests get: the host's own setup on a WebApplication in the test process, stopped gracefully.</summary>
internal sealed class InProcessHost : RunningHost
{
    private readonly WebApplication _app;

    private InProcessHost(WebApplication app, string? ownCache)
        : base(new Uri(app.Urls.First()), ownCache)
    {
        _app = app;
    }

    public override IServiceProvider Services => _app.Services;

    public static async Task<InProcessHost> StartInProcessAsync(ModelStoreScenario store, IDictionary<string, string?>? settings, TimeProvider? time, string? cacheDirectory, int port, LogCapture? logs)
    {
        var cache = CacheFolder(cacheDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(Configuration(store, settings, cache.Path));
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
        return new InProcessHost(app, cache.Owned);
    }

    private protected override async ValueTask StopAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
