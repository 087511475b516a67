using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Hotswap.Registry.Storage;

namespace Hotswap.Registry.Audit;

/// <summary>
/// The audit trail beside model_list.json: one immutable object per change under <c>PREFIX/audit/</c>, created only
/// where none exists and never rewritten. A key starts with the inverted time, so a plain listing (ascending, as S3 and
/// the directory store give it) reads the newest first and a bounded read stops after one page; the readable UTC
/// time and a random part follow.
/// </summary>
public sealed class AuditTrail(IObjectStore store, string prefix)
{
    public const string Folder = "audit/";

    /// <summary>The most records one read returns.</summary>
    public const int MaxPage = 1000;

    public string Prefix => prefix + Folder;

    public async Task<string> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var key = Prefix + KeyOf(record.At);
        using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(record, RegistryJsonContext.Default.AuditRecord));
        await store.WriteAsync(key, content, new WriteOptions { IfNoneExist = true, ContentType = "application/json" }, cancellationToken);
        return key;
    }

    /// <summary>The newest <paramref name="limit"/> records (at most <see cref="MaxPage"/>), newest first.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(int limit, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var wanted = Math.Clamp(limit, 0, MaxPage);
        await foreach (var entry in store.ListAsync(Prefix, cancellationToken))
        {
            if (keys.Count == wanted)
            {
                break;
            }

            keys.Add(entry.Key);
        }

        var records = new AuditRecord?[keys.Count];
        await Parallel.ForAsync(0, keys.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            records[i] = Parse(keys[i], await store.ReadAsync(keys[i], null, ct)));
        return [.. records.OfType<AuditRecord>()];
    }

    private static AuditRecord? Parse(string key, ObjectRead read)
    {
        if (read.Status != ObjectReadStatus.Found)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(read.Content, RegistryJsonContext.Default.AuditRecord);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The audit record {key} is not valid: {e.Message}", e);
        }
    }

    private static string KeyOf(DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture,
        $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}-{at.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.json");
}
