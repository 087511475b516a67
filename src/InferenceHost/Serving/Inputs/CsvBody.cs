using System.Buffers;
using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Models;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>
/// A <c>text/csv</c> body (a header row, then rows), rewritten as the <c>dataframe_split</c> it means, so it is bound,
/// limited and mirrored exactly like one. Whether a cell is a number, a boolean or a string is decided by the input
/// its column is bound to (the column of that name, or the single input), never guessed: a cell that does not read as
/// the input's type stays a string, which the binder then refuses naming its row and column.
/// </summary>
public static class CsvBody
{
    /// <summary>The dataframe_split for <paramref name="csv"/>, bound to the inputs of <paramref name="model"/> (null: every cell a string).</summary>
    public static RequestBody ToDataframeSplit(RequestBody csv, ServedModel? model)
    {
        var where = model is null ? "The CSV body" : $"{model.Version.Model} version {model.Version.Version}";
        var records = CsvTable.Read(Encoding.UTF8.GetString(csv.Memory.Span), where);
        if (records.Count == 0)
        {
            throw PredictionInputException.BadRequest($"{where}: the CSV body has no header row.");
        }

        var header = records[0];
        var types = header.Select(column => TypeOf(column, model?.Signature)).ToArray();
        var json = new ArrayBufferWriter<byte>(csv.Length * 2 + 64);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("dataframe_split"u8);
            writer.WriteStartArray("columns"u8);
            foreach (var column in header)
            {
                writer.WriteStringValue(column);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("data"u8);
            for (var row = 1; row < records.Count; row++)
            {
                var record = records[row];
                if (record.Length != header.Length)
                {
                    throw PredictionInputException.BadRequest($"{where}: CSV row {row - 1} has {record.Length} fields for the header's {header.Length} columns.");
                }

                writer.WriteStartArray();
                for (var column = 0; column < record.Length; column++)
                {
                    WriteCell(writer, record[column], types[column]);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return csv.Rewritten(json.WrittenSpan);
    }

    /// <summary>The dtype of the input a column is bound to: the input of its name, else the only input; null for none.</summary>
    private static string? TypeOf(string column, ModelSignature? signature) =>
        signature?.Inputs.FirstOrDefault(i => i.Name == column)?.DType ?? (signature?.Inputs.Count == 1 ? signature.Inputs[0].DType : null);

    private static void WriteCell(Utf8JsonWriter writer, string cell, string? dtype)
    {
        if (dtype == "bool" && bool.TryParse(cell, out var flag))
        {
            writer.WriteBooleanValue(flag);
        }
        else if (dtype is not (null or "string") && IsJsonNumber(cell))
        {
            writer.WriteRawValue(cell, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(cell);
        }
    }

    private static bool IsJsonNumber(string cell)
    {
        var bytes = Encoding.UTF8.GetBytes(cell);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: true, state: default);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.BytesConsumed == bytes.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
