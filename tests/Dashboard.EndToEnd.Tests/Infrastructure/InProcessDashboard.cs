using Hotswap.Testing.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotswap.Dashboard.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The dashboard's services as its own DI setup builds them (fleet monitor, fleet control, audit log on SQLite),
/// running in the test process without pages, for tests that drive its command path directly and read its audit.
/// </summary>
public sealed class InProcessDashboard : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private InProcessDashboard(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
    }

    public static async Task<InProcessDashboard> StartAsync(ModelStoreScenario store, IReadOnlyList<string> hostUrls)
    {
        var directory = Directory.CreateTempSubdirectory("hotswap-dashboard-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = directory });
        var configuration = new Dictionary<string, string?>(store.Server.StoreConfiguration(store.Prefix))
        {
            ["Dashboard:OperatorToken"] = TestOperators.DashboardToken,
            ["Dashboard:DatabasePath"] = Path.Combine(directory, "dashboard.db"),
        };
        for (var i = 0; i < hostUrls.Count; i++)
        {
            configuration[$"Dashboard:Hosts:{i}"] = hostUrls[i];
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDashboard();
        var app = builder.Build();
        await app.StartAsync();
        return new InProcessDashboard(app, directory);
    }

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
