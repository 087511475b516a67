using Hotswap.Dashboard.Audit;
using Hotswap.Dashboard.Tests.Persistence;
using Hotswap.Registry.Audit;

namespace Hotswap.Dashboard.Tests.Audit;

public sealed class AuditLogTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    private static AuditEntry Entry(string action, string reason) =>
        new(0, Samples.At, "alice", action, "iris_model", "2", "1", reason, true, "done on 2 host(s)");

    [Fact]
    public void Entries_outlive_the_process_that_wrote_them_newest_first()
    {
        var first = new AuditLog(_database.Database).Append(Entry("pin", "v2 drifts"));
        var second = new AuditLog(_database.Reopen()).Append(Entry("unpin", "fixed"));

        var read = new AuditLog(_database.Reopen()).Recent.Current;

        Assert.Equal([second, first], read);
        Assert.True(second.Id > first.Id);
    }

    [Fact]
    public void An_append_is_published_to_watchers_of_recent_entries()
    {
        var log = new AuditLog(_database.Database);

        var saved = log.Append(Entry("rollback", "bad latency"));

        Assert.Equal(saved, Assert.Single(log.Recent.Current));
    }

    private static AuditRecord Record(string reason) => new(Samples.At, "dashboard:alice", "pin", "iris_model", "2", "1", reason, AuditRecord.Refused, "needs approval, really");

    [Fact]
    public void The_csv_export_of_the_store_trail_quotes_fields_and_defuses_formulas()
    {
        var csv = AuditCsv.Write([Record("=HYPERLINK(\"x\"), really")]);

        Assert.Equal(
            "at,actor,change,model,from_version,to_version,reason,outcome,detail\n" +
            "2026-11-25T09:00:00.0000000+00:00,dashboard:alice,pin,iris_model,2,1,\"'=HYPERLINK(\"\"x\"\"), really\",refused,\"needs approval, really\"\n",
            csv);
    }

    [Theory]
    [InlineData("\t=1+2")]
    [InlineData("\r=1+2")]
    [InlineData("+1")]
    [InlineData("@SUM(A1)")]
    public void The_csv_export_defuses_every_character_a_spreadsheet_reads_a_formula_behind(string reason)
    {
        var row = AuditCsv.Write([Record(reason)]).Split('\n')[1];

        Assert.Contains("'" + reason, row, StringComparison.Ordinal);
        Assert.DoesNotContain("," + reason, row, StringComparison.Ordinal);
        Assert.DoesNotContain("\"" + reason, row, StringComparison.Ordinal);
    }

    public void Dispose() => _database.Dispose();
}
