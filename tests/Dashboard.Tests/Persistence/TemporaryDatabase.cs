using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.Persistence;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Tests.Persistence;

/// <summary>A dashboard database in a fresh directory, deleted afterwards; <see cref="Reopen"/> acts as a restart.</summary>
public sealed class TemporaryDatabase : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hotswap-dashboard-db-").FullName;

    public TemporaryDatabase(int feedCapacity = 500)
    {
        Options = Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            Hosts = ["http://127.0.0.1:5001"],
            DatabasePath = Path.Combine(_directory, "nested", "dashboard.db"),
            FeedCapacity = feedCapacity,
        });
        Database = new DashboardDatabase(Options);
    }

    public IOptions<DashboardOptions> Options { get; }

    public DashboardDatabase Database { get; }

    /// <summary>A second handle on the same file, as a restarted dashboard would open it.</summary>
    public DashboardDatabase Reopen() => new(Options);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
