using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Hotswap.Contracts.Models;
using Hotswap.InferenceHost.Configuration;

namespace Hotswap.InferenceHost.Serving.Inputs;

/// <summary>
/// Turns the JSON of a prediction request into the model's input tensors: the seed client's <c>data</c> and MLflow's
/// scoring protocol (<c>inputs</c>, <c>instances</c>, <c>dataframe_split</c>, <c>dataframe_records</c>).
/// </summary>
public static class InputBinder
{
    /// <summary>The seed format: <c>data</c> is the values of the single input, or an object of named inputs.</summary>
    public static InputSet FromSeedData(JsonElement data, ServedModel model, PredictLimits limits) =>
        data.ValueKind == JsonValueKind.Object ? FromNamed(data, model, limits) : FromSingle(data, model, limits);

    public static InputSet FromMlflow(JsonElement root, ServedModel model, PredictLimits limits)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw PredictionInputException.BadRequest($"{Name(model)}: the body must be a JSON object with one of inputs, instances, dataframe_split or dataframe_records.");
        }

        if (root.TryGetProperty("inputs", out var inputs))
        {
            return inputs.ValueKind == JsonValueKind.Object ? FromNamed(inputs, model, limits) : FromSingle(inputs, model, limits);
        }

        if (root.TryGetProperty("instances", out var instances))
        {
            return FromInstances(instances, model, limits);
        }

        if (root.TryGetProperty("dataframe_split", out var split))
        {
            return FromDataframeSplit(split, model, limits);
        }

        if (root.TryGetProperty("dataframe_records", out var records))
        {
            return FromDataframeRecords(records, model, limits);
        }

        throw PredictionInputException.BadRequest($"{Name(model)}: the body has none of inputs, instances, dataframe_split or dataframe_records.");
    }

    /// <summary>
    /// The values of a model's single input as JSON bytes (arrays nested as deep as its shape, or one scalar), read
    /// straight into its pooled buffer.
    /// </summary>
    public static InputSet FromSingleInput(ReadOnlySpan<byte> values, ServedModel model, PredictLimits limits)
    {
        EnsureSingleInput(model);
        using var assembler = new TensorAssembler(model.Signature.Inputs[0], model, limits.MaxTensorElements);
        assembler.Add(values);
        return Finish(model, limits, [assembler]);
    }

    /// <summary>
    /// Whether MLflow's <c>instances</c> are rows of a single input's values rather than objects of named inputs, and
    /// no more of them than <see cref="PredictLimits.MaxBatchRows"/>: then they are that input's values whole.
    /// </summary>
    public static bool AreUnnamedRows(ReadOnlySpan<byte> instances, PredictLimits limits)
    {
        var reader = new Utf8JsonReader(instances);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var rows = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject || ++rows > limits.MaxBatchRows)
            {
                return false;
            }

            reader.Skip();
        }

        return true;
    }

    private static InputSet FromSingle(JsonElement values, ServedModel model, PredictLimits limits) => FromSingleInput(Raw(values), model, limits);

    private static InputSet FromNamed(JsonElement named, ServedModel model, PredictLimits limits)
    {
        CheckNames(named, model);
        return Assemble(model, limits, assemblers =>
        {
            foreach (var (spec, assembler) in model.Signature.Inputs.Zip(assemblers))
            {
                assembler.Add(Raw(named.TryGetProperty(spec.Name, out var value) ? value : throw Missing(model, spec)));
            }
        });
    }

    /// <summary><c>instances</c>: one row per element, each a value of the single input or an object of named inputs.</summary>
    private static InputSet FromInstances(JsonElement instances, ServedModel model, PredictLimits limits)
    {
        var rows = Rows(instances, "instances", model, limits);
        if (model.Signature.Inputs.Count == 1 && (rows.Count == 0 || rows[0].ValueKind != JsonValueKind.Object))
        {
            return FromSingle(instances, model, limits);
        }

        return Assemble(model, limits, assemblers =>
        {
            foreach (var row in rows)
            {
                if (row.ValueKind != JsonValueKind.Object)
                {
                    throw PredictionInputException.BadRequest($"{Name(model)}: each instance must be an object of named inputs ({Expected(model)}).");
                }

                CheckNames(row, model);
                foreach (var (spec, assembler) in model.Signature.Inputs.Zip(assemblers))
                {
                    assembler.AddRow(Raw(row.TryGetProperty(spec.Name, out var v) ? v : throw Missing(model, spec)));
                }
            }
        });
    }

    private static InputSet FromDataframeSplit(JsonElement split, ServedModel model, PredictLimits limits)
    {
        if (split.ValueKind != JsonValueKind.Object || !split.TryGetProperty("data", out var data))
        {
            throw PredictionInputException.BadRequest($"{Name(model)}: dataframe_split needs \"columns\" and \"data\".");
        }

        var columns = split.TryGetProperty("columns", out var c) && c.ValueKind == JsonValueKind.Array
            ? DataframeColumns.Index(c.GetArrayLength(), c.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String ? n.GetString()! : n.ToString()), model, limits)
            : DataframeColumns.None;
        var rows = Rows(data, "dataframe_split.data", model, limits);
        return FromColumns(columns, rows.Select(r => DataframeColumns.ValuesOf(r, columns, model, limits)).ToList(), model, limits);
    }

    private static InputSet FromDataframeRecords(JsonElement records, ServedModel model, PredictLimits limits)
    {
        var rows = Rows(records, "dataframe_records", model, limits);
        if (rows.Any(r => r.ValueKind != JsonValueKind.Object))
        {
            throw PredictionInputException.BadRequest($"{Name(model)}: each of dataframe_records must be an object of columns.");
        }

        var columns = rows.Count == 0
            ? DataframeColumns.None
            : DataframeColumns.Index(rows[0].GetPropertyCount(), rows[0].EnumerateObject().Select(p => p.Name), model, limits);
        return FromColumns(columns, rows.Select(r => DataframeColumns.ValuesOf(r, columns, model)).ToList(), model, limits);
    }

    /// <summary>
    /// A dataframe either names the model's inputs (one column each) or, for a single-input model, is that input's
    /// rows, its columns in order.
    /// </summary>
    private static InputSet FromColumns(Dictionary<string, int> columns, List<JsonElement[]> rows, ServedModel model, PredictLimits limits)
    {
        var byName = model.Signature.Inputs.All(i => columns.ContainsKey(i.Name));
        if (!byName && model.Signature.Inputs.Count != 1)
        {
            throw PredictionInputException.BadRequest($"{Name(model)}: the columns [{string.Join(", ", columns.Keys)}] do not name the model's inputs {Expected(model)}.");
        }

        var positions = byName ? model.Signature.Inputs.Select(i => columns[i.Name]).ToArray() : [];

        return Assemble(model, limits, assemblers =>
        {
            foreach (var row in rows)
            {
                if (row.Length != columns.Count && columns.Count > 0)
                {
                    throw PredictionInputException.BadRequest($"{Name(model)}: a row has {row.Length} values for {columns.Count} columns.");
                }

                if (byName)
                {
                    for (var i = 0; i < positions.Length; i++)
                    {
                        assemblers[i].AddRow(Raw(row[positions[i]]));
                    }
                }
                else
                {
                    assemblers[0].AddRow(Encoding(row));
                }
            }
        });
    }

    /// <summary>One assembler per input, filled by <paramref name="fill"/>, built into tensors; the buffers are returned on any failure.</summary>
    private static InputSet Assemble(ServedModel model, PredictLimits limits, Action<List<TensorAssembler>> fill)
    {
        List<TensorAssembler> assemblers = [.. model.Signature.Inputs.Select(spec => new TensorAssembler(spec, model, limits.MaxTensorElements))];
        try
        {
            fill(assemblers);
            return Finish(model, limits, CollectionsMarshal.AsSpan(assemblers));
        }
        finally
        {
            assemblers.ForEach(a => a.Dispose());
        }
    }

    private static InputSet Finish(ServedModel model, PredictLimits limits, ReadOnlySpan<TensorAssembler> assemblers)
    {
        var tensors = new InputTensor[assemblers.Length];
        try
        {
            for (var i = 0; i < assemblers.Length; i++)
            {
                var tensor = tensors[i] = assemblers[i].Build();
                if (tensor.Shape.Length > 0 && tensor.Shape[0] > limits.MaxBatchRows)
                {
                    throw PredictionInputException.TooLarge($"{Name(model)}: {tensor.Shape[0]} rows in input '{tensor.Spec.Name}', more than {limits.MaxBatchRows} (Predict:MaxBatchRows).");
                }
            }

            return new InputSet(tensors);
        }
        catch
        {
            foreach (var tensor in tensors)
            {
                tensor?.Dispose();
            }

            throw;
        }
    }

    private static List<JsonElement> Rows(JsonElement array, string what, ServedModel model, PredictLimits limits)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw PredictionInputException.BadRequest($"{Name(model)}: {what} must be an array.");
        }

        if (array.GetArrayLength() > limits.MaxBatchRows)
        {
            throw PredictionInputException.TooLarge($"{Name(model)}: {array.GetArrayLength()} rows, more than {limits.MaxBatchRows} (Predict:MaxBatchRows).");
        }

        return [.. array.EnumerateArray()];
    }

    private static void EnsureSingleInput(ServedModel model)
    {
        if (model.Signature.Inputs.Count != 1)
        {
            throw PredictionInputException.BadRequest($"{Name(model)} has {model.Signature.Inputs.Count} inputs ({Expected(model)}): send an object of named inputs.");
        }
    }

    /// <summary>
    /// Refuses an object of named inputs with an unknown name or one named twice; it stops at the first, so it reads at
    /// most one name more than the model has inputs, whatever the object holds.
    /// </summary>
    private static void CheckNames(JsonElement named, ServedModel model)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in named.EnumerateObject().Select(p => p.Name))
        {
            if (!model.Signature.Inputs.Any(i => i.Name == name))
            {
                throw PredictionInputException.BadRequest($"{Name(model)}: unknown input '{Shorten(name)}'; the model expects {Expected(model)}.");
            }

            if (!seen.Add(name))
            {
                throw PredictionInputException.BadRequest($"{Name(model)}: input '{Shorten(name)}' is named twice.");
            }
        }
    }

    internal static string Shorten(string name) => name.Length > 64 ? name[..64] + "…" : name;

    private static ReadOnlySpan<byte> Raw(JsonElement element) => JsonMarshal.GetRawUtf8Value(element);

    private static byte[] Encoding(JsonElement[] row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var element in row)
            {
                element.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static PredictionInputException Missing(ServedModel model, TensorSpec spec) =>
        PredictionInputException.BadRequest($"{Name(model)}: input '{spec.Name}' is missing; the model expects {Expected(model)}.");

    internal static string Name(ServedModel model) => $"{model.Version.Model} version {model.Version.Version}";

    internal static string Expected(ServedModel model) => string.Join(", ", model.Signature.Inputs);
}
