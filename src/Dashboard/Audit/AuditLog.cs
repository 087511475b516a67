using System.Collections.Immutable;
using System.Globalization;
using Hotswap.Dashboard.ServiceClient;
using Hotswap.Dashboard.Persistence;

namespace Hotswap.Dashboard.Audit;

/// <summary>
/// Every operator action, kept in the dashboard's database so it outlives the process. <see cref="Recent"/> holds the
/// newest entries for live pages; the database holds all of them.
/// </summary>
public sealed class AuditLog
{
    private const int RecentCount = 500;
    private readonly DashboardDatabase _database;

    public AuditLog(DashboardDatabase database)
    {
        _database = database;
        database.Execute("""
            CREATE TABLE IF NOT EXISTS audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                model TEXT NOT NULL,
                from_version TEXT,
                to_version TEXT,
                reason TEXT,
                succeeded INTEGER NOT NULL,
                outcome TEXT NOT NULL)
            """);
        Recent = new LiveValue<ImmutableList<AuditEntry>>(Read(RecentCount));
    }

    /// <summary>The newest entries first.</summary>
    public LiveValue<ImmutableList<AuditEntry>> Recent { get; }

    public AuditEntry Append(AuditEntry entry)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit (at, actor, action, model, from_version, to_version, reason, succeeded, outcome)
            VALUES ($at, $actor, $action, $model, $from, $to, $reason, $succeeded, $outcome)
            RETURNING id
            """;
        command.Parameters.AddWithValue("$at", entry.At.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$actor", entry.Actor);
        command.Parameters.AddWithValue("$action", entry.Action);
        command.Parameters.AddWithValue("$model", entry.Model);
        command.Parameters.AddWithValue("$from", (object?)entry.FromVersion ?? DBNull.Value);
        command.Parameters.AddWithValue("$to", (object?)entry.ToVersion ?? DBNull.Value);
        command.Parameters.AddWithValue("$reason", (object?)entry.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$succeeded", entry.Succeeded ? 1 : 0);
        command.Parameters.AddWithValue("$outcome", entry.Outcome);
        var saved = entry with { Id = (long)command.ExecuteScalar()! };
        Recent.Update(list => list.Insert(0, saved) is var next && next.Count > RecentCount ? next.RemoveAt(RecentCount) : next);
        return saved;
    }

    /// <summary>The newest <paramref name="limit"/> entries, newest first.</summary>
    public ImmutableList<AuditEntry> Read(int limit)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, at, actor, action, model, from_version, to_version, reason, succeeded, outcome FROM audit ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var entries = ImmutableList.CreateBuilder<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetInt64(8) != 0,
                reader.GetString(9)));
        }

        return entries.ToImmutable();
    }
}
