using System.Globalization;
using System.Text;

namespace Hotswap.Testing.Hosts.Fuzzing;

/// <summary>
/// Deterministic (seeded) generator of prediction requests that are wrong by construction, for a host of
/// <see cref="TwoModelStore"/>: bad cells (wrong types, NaN/Infinity literals and strings, overflow, unicode junk, deep
/// nesting) and bad rows (ragged, wrong width, over the row and element limits) in every request format of both
/// endpoints, and bad documents (truncated, broken syntax, invalid UTF-8, wrong top-level types, MLflow structures
/// that do not fit), plus wrong content types and bodies over the size limit. Every request is built so that no
/// correct host could answer it with a prediction: a generated body that happened to be valid would be a bug here.
/// </summary>
public sealed class PredictFuzzer(int seed)
{
    /// <summary>
    /// The seed of every suite that fuzzes a host: a shorter run's bad requests are the first of a longer one's, so one
    /// the published host gets wrong is also sent to the in-process host, under a debugger's reach.
    /// </summary>
    public const int SuiteSeed = 20261201;

    private const string Iris = ModelStoreScenario.Model;

    /// <summary>Values that are no float32 and no int64 wherever a number is expected.</summary>
    private static readonly string[] BadCells =
    [
        "\"1\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"\"", "true", "false", "null", "{}", "{\"v\": 1}", "[]", "[1]", "[[1]]",
        "NaN", "Infinity", "-Infinity", "+1", ".5", "01", "1.", "0x1F", "1e", "--1", "1e400", "-1e400", "1e39", "-1e39", "3.5e38",
        "'1'", "1_000", "∞", "\"\\uD800\"", "\"\\uDFFF\\uD800\"", "\"\\x41\"", "\"\u0001\"", "\"١٢٣\"", "\"💥🧨\"", "\"e\u0301\u0302\u0303\"",
    ];

    /// <summary>Valid float32 but no int64: only wrong in the offset model's <c>offset</c> input.</summary>
    private static readonly string[] BadInt64Cells = ["1.5", "1e19", "9223372036854775808", "-9223372036854775809", "0.1", "1E-3"];

    /// <summary>Names close to the right ones, as JSON string contents (escapes included).</summary>
    private static readonly string[] JunkKeys = ["", " ", "featur\u00e9s", "FEATURES", "features\\u0000", "\\\\u0066eatures ", "💥", "\uFEFFfeatures", "dàta", "d\u200Bata", "\\uD800", "features\\uDC00", "\\uDFFF\\uD800"];

    /// <summary>Tokens that make any JSON text invalid wherever they are inserted outside a string.</summary>
    private static readonly string[] SyntaxBreakers = ["]", "}", "[", "{", ":", ",,", "x", "@", "'", "\u0000", "\u0007", "NaN", "/*c*/", "//c\n", "\\", "#"];

    private static readonly string?[] WrongContentTypes =
    [
        null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/octet-stream", "text/json", "json", "application/javascript", "image/png", "*/*", "application/jso",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The wrappers that put rows of cells into each request format of each endpoint.</summary>
    private enum Format
    {
        Seed,
        SeedNamedOffset,
        Inputs,
        InputsNamed,
        Instances,
        InstancesNamed,
        DataframeSplit,
        DataframeRecords,
        OffsetInputs,
        OffsetRecords,
    }

    public IEnumerable<FuzzRequest> Generate(int count)
    {
        Func<FuzzRequest>[] categories =
        [
            BadCell, BadCell, BadCell, BadInt64Cell, Ragged, WrongWidth, HugeBatch, WideRow, DeepCell,
            Truncated, Truncated, BrokenSyntax, BrokenSyntax, InvalidUtf8, TopLevel, MlflowStructure, JunkKey, DeepDocument,
            WrongContentType, Oversized,
        ];
        for (var i = 0; i < count; i++)
        {
            yield return categories[i % categories.Length]();
        }
    }

    /// <summary>A request that must succeed, and the prediction it must get: <c>sum(row) + 1</c> from iris version 1.</summary>
    public (FuzzRequest Request, float Expected) Valid()
    {
        var row = new[] { Small(), Small(), Small() };
        var cells = row.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        var (path, body) = Wrap(Format.Seed, [cells]);
        return (Json("valid", path, body), row.Sum() + 1);
    }

    private FuzzRequest BadCell() => WithCells("bad-cell", Pick(BadCells));

    private FuzzRequest BadInt64Cell()
    {
        var rows = Rows(Next(1, 5), 3);
        var offsets = rows.Select(_ => new[] { "1" }).ToList();
        offsets[_random.Next(offsets.Count)][0] = Pick(BadInt64Cells);
        var body = _random.Next(2) == 0
            ? $$$"""{"inputs": {"features": {{{Array(rows)}}}, "offset": {{{Array(offsets)}}}}}"""
            : $$$"""{"data": {"features": {{{Array(rows)}}}, "offset": {{{Array(offsets)}}}}, "model": "{{{TwoModelStore.OffsetModel}}}"}""";
        return Json("bad-int64", body.StartsWith("{\"inputs\"", StringComparison.Ordinal) ? $"/models/{TwoModelStore.OffsetModel}/invocations" : "/predict", body);
    }

    private FuzzRequest DeepCell()
    {
        var depth = Next(1, 40);
        return WithCells("deep-cell", new string('[', depth) + "1" + new string(']', depth));
    }

    /// <summary>Rows of different lengths; for records the longest comes first, so a later row lacks a column.</summary>
    private FuzzRequest Ragged()
    {
        var rows = Rows(Next(2, 6), 3);
        var victim = _random.Next(rows.Count);
        rows[victim] = Row(_random.Next(2) == 0 ? Next(0, 2) : Next(4, 7));
        var format = AnyFormat();
        if (format is Format.DataframeRecords or Format.OffsetRecords)
        {
            rows = [.. rows.OrderByDescending(r => r.Length)];
            if (rows[0].Length == 3)
            {
                rows[0] = Row(4);
            }
        }

        var (path, body) = Wrap(format, rows);
        return Json("ragged", path, body);
    }

    /// <summary>Every row has the same, wrong number of features.</summary>
    private FuzzRequest WrongWidth()
    {
        var width = _random.Next(2) == 0 ? Next(1, 2) : Next(4, 9);
        var (path, body) = Wrap(AnyFormat(), Rows(Next(1, 5), width));
        return Json("wrong-width", path, body);
    }

    /// <summary>More rows than <c>Predict:MaxBatchRows</c>, or more elements than <c>Predict:MaxTensorElements</c>.</summary>
    private FuzzRequest HugeBatch()
    {
        var rows = Rows(Next(TwoModelStore.MaxBatchRows + 1, (TwoModelStore.MaxTensorElements / 3) + 200), 3);
        var (path, body) = Wrap(AnyFormat(), rows);
        return Json("huge-batch", path, body);
    }

    private FuzzRequest WideRow()
    {
        var (path, body) = Wrap(_random.Next(2) == 0 ? Format.Seed : Format.Inputs, Rows(Next(1, 3), Next(TwoModelStore.MaxTensorElements + 1, 3000)));
        return Json("wide-row", path, body);
    }

    private FuzzRequest Truncated()
    {
        var (path, body) = ValidBody();
        return Json("truncated", path, body[.._random.Next(body.Length)]);
    }

    private FuzzRequest BrokenSyntax()
    {
        var (path, body) = ValidBody();
        var positions = OutsideStrings(body);
        var at = positions[_random.Next(positions.Count)];
        var brackets = positions.Where(p => body[p] is '[' or ']' or '{' or '}' or ':').ToList();
        var broken = _random.Next(3) == 0 && brackets.Count > 0
            ? body.Remove(brackets[_random.Next(brackets.Count)], 1)
            : body.Insert(at, Pick(SyntaxBreakers));
        return Json("broken-syntax", path, broken);
    }

    /// <summary>Bytes that are not UTF-8: as a string where a number belongs, in an input's name, or between tokens.</summary>
    private FuzzRequest InvalidUtf8()
    {
        const string Marker = "\"JUNK\"";
        byte[][] junk = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82], [0xFE, 0xFF]];
        var where = _random.Next(3);
        var (path, body) = where switch
        {
            0 => WithCellsBody(Marker),
            1 => ($"/models/{Iris}/invocations", "{\"inputs\": {" + Marker + ": [[1, 2, 3]]}}"),
            _ => ValidBody(),
        };
        if (where == 2)
        {
            var positions = OutsideStrings(body);
            body = body.Insert(positions[_random.Next(positions.Count)], Marker[1..^1]);
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        var at = bytes.AsSpan().IndexOf("JUNK"u8);
        return new FuzzRequest("invalid-utf8", path, "application/json", [.. bytes[..at], .. Pick(junk), .. bytes[(at + 4)..]], Chunked: false);
    }

    private FuzzRequest TopLevel()
    {
        string[] bodies = ["", " ", "\n\t", "null", "true", "0", "-1", "\"data\"", "[]", "[{}]", $$$"""[{"data": [[1, 2, 3]], "model": "{{{Iris}}}"}]""", "{}", "\uFEFF", "\uFEFF{}", "{\"data\": null, \"model\": \"iris_model\"}"];
        var body = Pick(bodies);
        return Json("top-level", _random.Next(2) == 0 ? "/predict" : $"/models/{Iris}/invocations", body);
    }

    private FuzzRequest MlflowStructure()
    {
        var rows = Array(Rows(Next(1, 3), 3));
        string[] bodies =
        [
            """{"inputs": "1, 2, 3"}""", """{"inputs": 7}""", """{"inputs": null}""", """{"inputs": {}}""", $$$"""{"inputs": {"features": {{{rows}}}, "extra": [1]}}""",
            """{"instances": {}}""", """{"instances": 1}""", """{"instances": [[1, 2, 3], {"features": [1, 2, 3]}]}""", """{"instances": [{"features": [1, 2, 3]}, [1, 2, 3]]}""",
            """{"instances": [{"other": [1, 2, 3]}]}""", """{"instances": [{}]}""",
            """{"dataframe_split": []}""", """{"dataframe_split": {"columns": ["a", "b", "c"]}}""", $$$"""{"dataframe_split": {"columns": ["a", "b"], "data": {{{rows}}}}}""",
            $$$"""{"dataframe_split": {"columns": ["a", "b", "c", "d"], "data": {{{rows}}}, "index": 1}}""", """{"dataframe_split": {"columns": ["a", "b", "c"], "data": [1, 2, 3]}}""",
            """{"dataframe_split": {"columns": ["a", "b", "c"], "data": {"a": 1}}}""", """{"dataframe_split": {"data": []}}""",
            """{"dataframe_records": {}}""", """{"dataframe_records": [[1, 2, 3]]}""", """{"dataframe_records": [{"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 2}]}""", """{"dataframe_records": []}""",
            """{"dataframe_records": [{"a": 1, "b": 2, "c": 3}, 4]}""", """{"something": []}""", """{"Inputs": [[1, 2, 3]]}""", """{"data": [[1, 2, 3]]}""",
        ];
        var model = _random.Next(4) == 0 ? TwoModelStore.OffsetModel : Iris;
        return Json("mlflow-structure", $"/models/{model}/invocations", Pick(bodies));
    }

    /// <summary>The input or the seed's <c>data</c> under a name that is not quite right.</summary>
    private FuzzRequest JunkKey()
    {
        var rows = Array(Rows(Next(1, 3), 3));
        var key = Pick(JunkKeys);
        return _random.Next(3) switch
        {
            0 => Json("junk-key", "/predict", $$$"""{"{{{key}}}": {{{rows}}}, "model": "{{{Iris}}}"}"""),
            1 => Json("junk-key", $"/models/{Iris}/invocations", $$$"""{"inputs": {"{{{key}}}": {{{rows}}}}}"""),
            _ => Json("junk-key", $"/models/{Iris}/invocations", $$$"""{"instances": [{"{{{key}}}": [1, 2, 3]}]}"""),
        };
    }

    /// <summary>Arrays or objects nested past the parser's depth of 32.</summary>
    private FuzzRequest DeepDocument()
    {
        var depth = Next(33, 3000);
        var inner = _random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1" + new string('}', depth);
        return _random.Next(2) == 0
            ? Json("deep-document", "/predict", $$$"""{"data": {{{inner}}}, "model": "{{{Iris}}}"}""")
            : Json("deep-document", $"/models/{Iris}/invocations", $$$"""{"inputs": {{{inner}}}}""");
    }

    private FuzzRequest WrongContentType()
    {
        var (path, body) = ValidBody();
        return new FuzzRequest("content-type", path, Pick(WrongContentTypes), Encoding.UTF8.GetBytes(body), Chunked: false);
    }

    /// <summary>A valid body padded past <c>Predict:MaxBodyBytes</c>, with or without a Content-Length.</summary>
    private FuzzRequest Oversized()
    {
        var (path, body) = ValidBody();
        var padding = new string(' ', TwoModelStore.MaxBodyBytes + Next(1, 4096) - body.Length);
        var padded = _random.Next(2) == 0 ? padding + body : body.Insert(1, padding);
        return new FuzzRequest("oversized", path, "application/json", Encoding.UTF8.GetBytes(padded), Chunked: _random.Next(2) == 0);
    }

    private FuzzRequest WithCells(string category, string cell)
    {
        var (path, body) = WithCellsBody(cell);
        return Json(category, path, body);
    }

    /// <summary>A few valid rows in any format, one cell of which is <paramref name="cell"/>.</summary>
    private (string Path, string Body) WithCellsBody(string cell)
    {
        var rows = Rows(Next(1, 4), 3);
        rows[_random.Next(rows.Count)][_random.Next(3)] = cell;
        return Wrap(AnyFormat(), rows);
    }

    private (string Path, string Body) ValidBody() => Wrap(AnyFormat(), Rows(Next(1, 4), 3));

    /// <summary>Puts <paramref name="rows"/> of cells (JSON texts) where <paramref name="format"/> takes the features.</summary>
    private (string Path, string Body) Wrap(Format format, List<string[]> rows)
    {
        var iris = $"/models/{Iris}/invocations";
        var offset = $"/models/{TwoModelStore.OffsetModel}/invocations";
        var offsets = Array(rows.Select(_ => new[] { "2" }).ToList());
        var records = "[" + string.Join(", ", rows.Select(r => "{" + string.Join(", ", r.Select((c, i) => $"\"c{i}\": {c}")) + "}")) + "]";
        return format switch
        {
            Format.Seed => ("/predict", $$$"""{"data": {{{Array(rows)}}}, "model": "{{{Iris}}}"}"""),
            Format.SeedNamedOffset => ("/predict", $$$"""{"model": "{{{TwoModelStore.OffsetModel}}}", "data": {"features": {{{Array(rows)}}}, "offset": {{{offsets}}}}}"""),
            Format.Inputs => (iris, $$$"""{"inputs": {{{Array(rows)}}}}"""),
            Format.InputsNamed => (iris, $$$"""{"inputs": {"features": {{{Array(rows)}}}}}"""),
            Format.Instances => (iris, $$$"""{"instances": {{{Array(rows)}}}}"""),
            Format.InstancesNamed => (iris, "{\"instances\": [" + string.Join(", ", rows.Select(r => $"{{\"features\": [{string.Join(", ", r)}]}}")) + "]}"),
            Format.DataframeSplit => (iris, $$$"""{"dataframe_split": {"columns": ["a", "b", "c"], "data": {{{Array(rows)}}}}}"""),
            Format.DataframeRecords => (iris, $$$"""{"dataframe_records": {{{records}}}}"""),
            Format.OffsetInputs => (offset, $$$"""{"inputs": {"features": {{{Array(rows)}}}, "offset": {{{offsets}}}}}"""),
            Format.OffsetRecords => (offset, "{\"dataframe_records\": [" + string.Join(", ", rows.Select(r => $"{{\"features\": [{string.Join(", ", r)}], \"offset\": 2}}")) + "]}"),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private Format AnyFormat() => (Format)_random.Next(Enum.GetValues<Format>().Length);

    private List<string[]> Rows(int count, int width) => [.. Enumerable.Range(0, count).Select(_ => Row(width))];

    private string[] Row(int width) => [.. Enumerable.Range(0, width).Select(_ => Small().ToString(CultureInfo.InvariantCulture))];

    private static string Array(List<string[]> rows) => "[" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r) + "]")) + "]";

    /// <summary>Indexes of characters outside JSON strings, where a syntax breaker can go.</summary>
    private static List<int> OutsideStrings(string json)
    {
        var positions = new List<int>();
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == '"' && (i == 0 || json[i - 1] != '\\'))
            {
                inString = !inString;
                continue;
            }

            if (!inString)
            {
                positions.Add(i);
            }
        }

        return positions;
    }

    private static FuzzRequest Json(string category, string path, string body) => new(category, path, "application/json", Encoding.UTF8.GetBytes(body), Chunked: false);

    private float Small() => MathF.Round((float)(_random.NextDouble() * 10), 2);

    private int Next(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];
}
