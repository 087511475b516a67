using System.Globalization;
using System.Text;

namespace Hotswap.Dashboard.Audit;

/// <summary>The audit log as CSV for spreadsheets and other tools.</summary>
public static class AuditCsv
{
    public static string Write(IEnumerable<AuditEntry> entries)
    {
        var csv = new StringBuilder("id,at,actor,action,model,from_version,to_version,reason,succeeded,outcome\n");
        foreach (var e in entries)
        {
            csv.AppendJoin(',', [
                e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("O", CultureInfo.InvariantCulture), Field(e.Actor), Field(e.Action), Field(e.Model),
                Field(e.FromVersion), Field(e.ToVersion), Field(e.Reason), e.Succeeded ? "true" : "false", Field(e.Outcome)]).Append('\n');
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
