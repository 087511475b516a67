using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Persistence;

/// <summary>
/// The dashboard's SQLite file (<c>Dashboard:DatabasePath</c>): what must outlive the process, the audit log and the
/// swap feed's history. Each feature creates its own table; a connection per operation keeps callers independent.
/// </summary>
public sealed class DashboardDatabase
{
    private readonly string _connectionString;

    public DashboardDatabase(IOptions<DashboardOptions> options)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
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
