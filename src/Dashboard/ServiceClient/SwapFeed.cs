using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Dashboard.Configuration;
using Hotswap.Dashboard.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>
/// The recent swap events of every host, newest first. They are kept in the dashboard's database, so a page opened
/// later, a reload, or a restarted dashboard still shows what happened before.
/// </summary>
public sealed class SwapFeed
{
    private readonly DashboardDatabase _database;
    private readonly int _capacity;

    public SwapFeed(IOptions<DashboardOptions> options, DashboardDatabase database)
    {
        _database = database;
        _capacity = options.Value.FeedCapacity;
        database.Execute("""
            CREATE TABLE IF NOT EXISTS feed (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                host_url TEXT NOT NULL,
                host_name TEXT NOT NULL,
                model TEXT NOT NULL,
                kind TEXT NOT NULL,
                from_version TEXT,
                to_version TEXT,
                swap_id TEXT,
                durations TEXT,
                detail TEXT)
            """);
        Entries = new LiveValue<ImmutableList<FeedEntry>>(Read());
    }

    public LiveValue<ImmutableList<FeedEntry>> Entries { get; }

    public void Add(string hostUrl, string hostName, SwapStarted e) =>
        Add(new FeedEntry(0, e.At, hostUrl, hostName, e.Model, FeedEventKind.Started, e.FromVersion, e.ToVersion, e.SwapId, null, $"trigger: {e.Trigger}"));

    public void Add(string hostUrl, string hostName, SwapSucceeded e) =>
        Add(new FeedEntry(0, e.At, hostUrl, hostName, e.Model, FeedEventKind.Succeeded, e.FromVersion, e.ToVersion, e.SwapId, e.Durations, null));

    public void Add(string hostUrl, string hostName, SwapFailed e) =>
        Add(new FeedEntry(0, e.At, hostUrl, hostName, e.Model, FeedEventKind.Failed, e.ServedVersion, e.ToVersion, e.SwapId, null,
            e.NextRetryAt is { } retry ? $"{e.Reason} (retry at {retry:HH:mm:ss})" : e.Reason));

    public void Add(string hostUrl, string hostName, ModelRemoved e) =>
        Add(new FeedEntry(0, e.At, hostUrl, hostName, e.Model, FeedEventKind.Removed, e.LastVersion, null, null, null, "left the desired state"));

    public void Add(string hostUrl, string hostName, ValidationWarning e) =>
        Add(new FeedEntry(0, e.At, hostUrl, hostName, e.Model, FeedEventKind.ValidationWarning, null, e.Version, null, null, $"validation: none ({e.Reason})"));

    public void Add(string hostUrl, string hostName, BackgroundFault e) =>
        Add(new FeedEntry(0, e.At, hostUrl, hostName, e.Loop, FeedEventKind.BackgroundFault, null, null, null, null, $"{e.Error} ({e.Count} so far; it goes on)"));

    public void Add(string hostUrl, string hostName, AutoRollback e) =>
        Add(new FeedEntry(0, e.At, hostUrl, hostName, e.Model, FeedEventKind.AutoRolledBack, e.FromVersion, e.ToVersion, null, null, e.Reason));

    /// <summary>The dashboard moved <paramref name="model"/> to where MLflow's registry points; not a host's event, so the host column says who did it.</summary>
    public void AddRegistryMove(string model, string from, string to, string reason, DateTimeOffset at) =>
        Add(new FeedEntry(0, at, "", "MLflow registry", model, FeedEventKind.RegistryMoved, from, to, null, null, reason));

    /// <summary>Saves the entry (its row id becomes its sequence), drops rows past the capacity, and publishes it.</summary>
    private void Add(FeedEntry entry)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO feed (at, host_url, host_name, model, kind, from_version, to_version, swap_id, durations, detail)
            VALUES ($at, $hostUrl, $hostName, $model, $kind, $from, $to, $swapId, $durations, $detail)
            RETURNING id
            """;
        Bind(command, entry);
        var saved = entry with { Sequence = (long)command.ExecuteScalar()! };
        command.CommandText = "DELETE FROM feed WHERE id <= $oldest";
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$oldest", saved.Sequence - _capacity);
        command.ExecuteNonQuery();
        Entries.Update(list => list.Insert(0, saved) is var next && next.Count > _capacity ? next.RemoveAt(next.Count - 1) : next);
    }

    private static void Bind(SqliteCommand command, FeedEntry entry)
    {
        command.Parameters.AddWithValue("$at", entry.At.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$hostUrl", entry.HostUrl);
        command.Parameters.AddWithValue("$hostName", entry.HostName);
        command.Parameters.AddWithValue("$model", entry.Model);
        command.Parameters.AddWithValue("$kind", entry.Kind.ToString());
        command.Parameters.AddWithValue("$from", (object?)entry.FromVersion ?? DBNull.Value);
        command.Parameters.AddWithValue("$to", (object?)entry.ToVersion ?? DBNull.Value);
        command.Parameters.AddWithValue("$swapId", (object?)entry.SwapId ?? DBNull.Value);
        command.Parameters.AddWithValue("$durations", entry.Durations is { } d ? JsonSerializer.Serialize(d) : DBNull.Value);
        command.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
    }

    private ImmutableList<FeedEntry> Read()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, at, host_url, host_name, model, kind, from_version, to_version, swap_id, durations, detail
            FROM feed ORDER BY id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", _capacity);
        using var reader = command.ExecuteReader();
        var entries = ImmutableList.CreateBuilder<FeedEntry>();
        while (reader.Read())
        {
            entries.Add(new FeedEntry(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                Enum.Parse<FeedEventKind>(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : JsonSerializer.Deserialize<SwapDurations>(reader.GetString(9)),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return entries.ToImmutable();
    }
}
