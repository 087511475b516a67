using System.Text.Json;
using Hotswap.InferenceHost.Configuration;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>
/// The columns of a dataframe (<c>dataframe_split</c>, <c>dataframe_records</c>, CSV) by name, and each row's values in
/// their order, read in one pass over the row. A dataframe with more columns than the model can use (one per input,
/// or for a single-input model the width of its rows) is refused before any column is read, so a hostile body costs
/// time linear in its size; a column named twice is refused.
/// </summary>
internal static class DataframeColumns
{
    public static Dictionary<string, int> None => new(StringComparer.Ordinal);

    /// <summary>Each of the <paramref name="count"/> <paramref name="names"/> with its position.</summary>
    public static Dictionary<string, int> Index(int count, IEnumerable<string> names, ServedModel model, PredictLimits limits)
    {
        CheckCount(count, model, limits);
        var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!index.TryAdd(name, index.Count))
            {
                throw PredictionInputException.BadRequest($"{InputBinder.Name(model)}: column '{InputBinder.Shorten(name)}' is named twice.");
            }
        }

        return index;
    }

    /// <summary>A row of <c>dataframe_split.data</c>: an array of at most as many values as the model can use.</summary>
    public static JsonElement[] ValuesOf(JsonElement row, Dictionary<string, int> columns, ServedModel model, PredictLimits limits)
    {
        if (row.ValueKind != JsonValueKind.Array)
        {
            throw PredictionInputException.BadRequest($"{InputBinder.Name(model)}: each row of dataframe_split.data must be an array.");
        }

        if (columns.Count == 0)
        {
            CheckCount(row.GetArrayLength(), model, limits);
        }

        return [.. row.EnumerateArray()];
    }

    /// <summary>A record of <c>dataframe_records</c>: its values in the order of <paramref name="columns"/> (the first record's).</summary>
    public static JsonElement[] ValuesOf(JsonElement record, Dictionary<string, int> columns, ServedModel model)
    {
        var count = record.GetPropertyCount();
        if (count != columns.Count)
        {
            throw PredictionInputException.BadRequest($"{InputBinder.Name(model)}: a record has {count} columns, the first has {columns.Count}.");
        }

        var values = new JsonElement[count];
        foreach (var property in record.EnumerateObject())
        {
            if (!columns.TryGetValue(property.Name, out var position))
            {
                throw PredictionInputException.BadRequest($"{InputBinder.Name(model)}: a record has column '{InputBinder.Shorten(property.Name)}', which the first lacks.");
            }

            if (values[position].ValueKind != JsonValueKind.Undefined)
            {
                throw PredictionInputException.BadRequest($"{InputBinder.Name(model)}: column '{InputBinder.Shorten(property.Name)}' is named twice in a record.");
            }

            values[position] = property.Value;
        }

        return values;
    }

    private static void CheckCount(int count, ServedModel model, PredictLimits limits)
    {
        var most = MostColumns(model, limits);
        if (count > most)
        {
            throw PredictionInputException.BadRequest(
                $"{InputBinder.Name(model)}: {count} columns, more than the {most} the model can use ({InputBinder.Expected(model)}).");
        }
    }

    /// <summary>One column per input; for a single input, the width of its rows (its second dimension) when the signature fixes it.</summary>
    private static int MostColumns(ServedModel model, PredictLimits limits)
    {
        var inputs = model.Signature.Inputs;
        if (inputs.Count != 1)
        {
            return inputs.Count;
        }

        var shape = inputs[0].Shape;
        return shape.Count < 2 ? 1 : shape[1] > 0 ? (int)Math.Min(shape[1], limits.MaxTensorElements) : limits.MaxTensorElements;
    }
}
