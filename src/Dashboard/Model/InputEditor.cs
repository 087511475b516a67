using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hotswap.Contracts.Models;

namespace Hotswap.Dashboard.Model;

public enum InputEditorKind
{
    /// <summary>A table of numbers (or true/false): one row per batch row.</summary>
    Grid,

    /// <summary>A table of strings, sent as JSON strings exactly as typed: one row per batch row.</summary>
    Text,

    /// <summary>Free JSON, for anything a table cannot show (rank 3+, wide rows).</summary>
    Json,
}

/// <summary>The playground's editing state for one model input.</summary>
public sealed class InputEditor
{
    private const int MaxGridColumns = 32;

    private InputEditor(TensorSpec spec, InputEditorKind kind, int columns)
    {
        Spec = spec;
        Kind = kind;
        Columns = columns;
    }

    public TensorSpec Spec { get; }
    public InputEditorKind Kind { get; }

    /// <summary>Cells per row of a grid (1 for a rank-1 input).</summary>
    public int Columns { get; }

    public List<string[]> Rows { get; } = [];
    public string Json { get; set; } = "";

    public bool IsInteger => Spec.DType.StartsWith("int", StringComparison.Ordinal) || Spec.DType.StartsWith("uint", StringComparison.Ordinal);

    public bool IsBool => Spec.DType == "bool";

    /// <summary>
    /// A grid for numeric and bool inputs, a text grid for string inputs (MLflow's "str" spelling too), each of rank 1
    /// or 2 with a known, narrow row; a JSON editor for the rest.
    /// </summary>
    public static InputEditor For(TensorSpec spec, JsonNode? example)
    {
        var tableKind = spec.DType is "string" or "str" ? InputEditorKind.Text : IsNumeric(spec.DType) ? InputEditorKind.Grid : InputEditorKind.Json;
        var columns = spec.Shape.Count switch
        {
            1 => 1,
            2 when spec.Shape[1] is > 0 and <= MaxGridColumns => (int)spec.Shape[1],
            _ => 0,
        };
        var editor = new InputEditor(spec, columns > 0 ? tableKind : InputEditorKind.Json, columns);
        if (editor.Kind != InputEditorKind.Json && editor.TryFill(example))
        {
            return editor;
        }

        if (editor.Kind != InputEditorKind.Json)
        {
            editor.AddRow();
            return editor;
        }

        editor.Json = (example ?? Zeros(spec.Shape, 0)).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return editor;
    }

    public void AddRow() => Rows.Add([.. Enumerable.Repeat(Kind == InputEditorKind.Text ? "" : IsBool ? "false" : "0", Columns)]);

    public void RemoveRow(int index)
    {
        if (Rows.Count > 1)
        {
            Rows.RemoveAt(index);
        }
    }

    /// <summary>The input's value for the request, or the first cell or JSON problem, naming the input.</summary>
    public JsonNode ToJson(out string? problem)
    {
        problem = null;
        if (Kind == InputEditorKind.Json)
        {
            try
            {
                return JsonNode.Parse(Json) ?? throw new JsonException("null is not a tensor");
            }
            catch (JsonException e)
            {
                problem = $"{Spec.Name}: not valid JSON ({e.Message})";
                return new JsonArray();
            }
        }

        var rows = new JsonArray();
        for (var r = 0; r < Rows.Count; r++)
        {
            var cells = new JsonArray();
            for (var c = 0; c < Columns; c++)
            {
                if (Cell(Rows[r][c]) is { } cell)
                {
                    cells.Add(cell);
                }
                else
                {
                    problem ??= $"{Spec.Name}: row {r + 1}, column {c + 1} is '{Rows[r][c].Trim()}', not {(IsBool ? "true or false" : IsInteger ? "an integer" : "a number")}";
                }
            }

            if (cells.Count == Columns)
            {
                rows.Add(Spec.Shape.Count == 1 ? cells[0]!.DeepClone() : cells);
            }
        }

        return rows;
    }

    private bool TryFill(JsonNode? example)
    {
        if (example is not JsonArray rows || rows.Count == 0)
        {
            return false;
        }

        foreach (var row in rows)
        {
            var cells = Spec.Shape.Count == 1 ? [row] : (row as JsonArray)?.ToArray();
            if (cells is null || cells.Length != Columns || cells.Any(c => c is not JsonValue))
            {
                Rows.Clear();
                return false;
            }

            Rows.Add([.. cells.Select(c => c is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : c!.ToJsonString())]);
        }

        return true;
    }

    /// <summary>One cell as the request carries it: the string as typed, true/false, or a number; null when it is none.</summary>
    private JsonValue? Cell(string typed)
    {
        if (Kind == InputEditorKind.Text)
        {
            return JsonValue.Create(typed);
        }

        var text = typed.Trim();
        if (IsBool)
        {
            return text.ToLowerInvariant() switch
            {
                "true" or "1" => JsonValue.Create(true),
                "false" or "0" => JsonValue.Create(false),
                _ => null,
            };
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || (IsInteger && value != Math.Floor(value)))
        {
            return null;
        }

        return IsInteger ? JsonValue.Create((long)value) : JsonValue.Create(value);
    }

    private static bool IsNumeric(string dtype) =>
        dtype.StartsWith("float", StringComparison.Ordinal) || dtype.StartsWith("int", StringComparison.Ordinal)
        || dtype.StartsWith("uint", StringComparison.Ordinal) || dtype is "double" or "bool";

    private static JsonNode Zeros(IReadOnlyList<long> shape, int depth) =>
        depth == shape.Count
            ? JsonValue.Create(0)
            : new JsonArray([.. Enumerable.Range(0, (int)Math.Max(1, shape[depth])).Select(_ => Zeros(shape, depth + 1))]);
}
