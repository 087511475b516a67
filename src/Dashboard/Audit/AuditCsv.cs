using System.Globalization;
using System.Text;
using Hotswap.Registry.Audit;

namespace Hotswap.Dashboard.Audit;

/// <summary>The audit trail (from the store) as CSV for spreadsheets and other tools.</summary>
public static class AuditCsv
{
    public static string Write(IEnumerable<AuditRecord> records)
    {
        var csv = new StringBuilder("at,actor,change,model,from_version,to_version,reason,outcome,detail\n");
        foreach (var r in records)
        {
            csv.AppendJoin(',', [
                r.At.ToString("O", CultureInfo.InvariantCulture), Field(r.Actor), Field(r.Change), Field(r.Model),
                Field(r.From), Field(r.To), Field(r.Reason), Field(r.Outcome), Field(r.Detail)]).Append('\n');
        }

        return csv.ToString();
    }

    // RFC 4180 quoting; a leading =, +, -, @, TAB or CR is prefixed so a spreadsheet does not run it as a formula
    // (OWASP's list: spreadsheets skip a leading TAB or CR and read the formula behind it).
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var safe = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }
}
