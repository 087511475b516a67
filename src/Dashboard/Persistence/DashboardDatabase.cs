using Hotswap.Dashboard.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Persistence;

/// <summary>
/// The dashboard's SQLite file (<c>Dashboard:DatabasePath</c>): what must outlive the process, the audit log and the
/// swap feed's history. Each feature creates its own table; a connection per operation keeps callers independent.
/// Operators' actions and hosts' events write at the same moments: the journal is a write-ahead log, so readers never
/// block a writer, and each connection waits its turn for the write lock instead of failing as "database is locked".
/// </summary>
public sealed class DashboardDatabase
{
    private readonly string _connectionString;

    public DashboardDatabase(IOptions<DashboardOptions> options)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        Execute("PRAGMA journal_mode = WAL");
    }

    /// <summary>Where the keys that protect sign-in cookies and antiforgery tokens are kept: beside the database, so a restart keeps them.</summary>
    public static DirectoryInfo KeysDirectory(DashboardOptions options) =>
        new(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath))!, "keys"));

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // SQLite's own busy handler, unlike the provider's retries, also covers finishing a statement (an INSERT … RETURNING).
        using var wait = connection.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout = 10000";
        wait.ExecuteNonQuery();
        return connection;
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
