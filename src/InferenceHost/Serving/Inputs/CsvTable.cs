using System.Text;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>
/// A CSV body read per RFC 4180: records end with CRLF or LF, fields are separated by commas, and a quoted field may
/// hold commas, line breaks and doubled quotes. Blank lines are skipped (as pandas does); a byte order mark is ignored.
/// The first record is the header.
/// </summary>
public static class CsvTable
{
    /// <summary>The records of <paramref name="text"/>, each as its fields; <paramref name="where"/> prefixes a refusal.</summary>
    public static List<string[]> Read(string text, string where)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var closed = false;
        var i = text.StartsWith('\uFEFF') ? 1 : 0;
        while (i < text.Length)
        {
            var c = text[i++];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i < text.Length && text[i] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    (quoted, closed) = (false, true);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    (field.Length, closed) = (0, false);
                    break;
                case '\r' or '\n':
                    i += c == '\r' && i < text.Length && text[i] == '\n' ? 1 : 0;
                    EndRecord(records, fields, field, closed);
                    closed = false;
                    break;
                case '"' when field.Length == 0 && !closed:
                    quoted = true;
                    break;
                case '"':
                    throw StrayQuote(where, records.Count);
                default:
                    field.Append(closed ? throw StrayQuote(where, records.Count) : c);
                    break;
            }
        }

        if (quoted)
        {
            throw PredictionInputException.BadRequest($"{where}: the CSV body ends inside a quoted field (record {records.Count}).");
        }

        EndRecord(records, fields, field, closed);
        return records;
    }

    private static PredictionInputException StrayQuote(string where, int record) =>
        PredictionInputException.BadRequest($"{where}: record {record} of the CSV body has a quote inside a field that is not wholly quoted.");

    /// <summary>Ends a record; a blank line (one empty, unquoted field) is no record.</summary>
    private static void EndRecord(List<string[]> records, List<string> fields, StringBuilder field, bool closed)
    {
        if (fields.Count > 0 || field.Length > 0 || closed)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        fields.Clear();
        field.Length = 0;
    }
}
