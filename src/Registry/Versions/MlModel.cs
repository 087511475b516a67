using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hotswap.Contracts.Models;
using YamlDotNet.RepresentationModel;

namespace Hotswap.Registry.Versions;

/// <summary>
/// The parts of an MLflow <c>MLmodel</c> file that Hotswap reads and writes. Parsing is lenient (MLflow and other
/// tools add fields over time); writing produces a file MLflow's own <c>mlflow.onnx</c> flavor can load.
/// Our own facts (the ONNX SHA-256, metrics, source) go under MLflow's free-form <c>metadata</c> key.
/// </summary>
public sealed record MlModel
{
    public const string FileName = "MLmodel";
    public const string InputExampleFileName = "input_example.json";

    public required string OnnxFile { get; init; }
    public required ModelSignature Signature { get; init; }
    public string? Sha256 { get; init; }
    public long? SizeBytes { get; init; }
    public string? RunId { get; init; }
    public string? ModelUuid { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? Source { get; init; }
    public string? InputExampleFile { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public static MlModel Parse(string yaml, string where)
    {
        var stream = new YamlStream();
        try
        {
            MlModelShape.Check(yaml, where);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{where}: MLmodel is not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{where}: MLmodel is empty.");
        }

        var onnxFile = Scalar(root, "flavors", "onnx", "data") ?? throw NoOnnxFlavor(root, where);
        var metrics = Node(root, "metadata", "metrics") is YamlMappingNode m
            ? m.Children.Where(c => c.Value is YamlScalarNode s && double.TryParse(s.Value, CultureInfo.InvariantCulture, out _))
                .ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => double.Parse(((YamlScalarNode)c.Value).Value!, CultureInfo.InvariantCulture))
            : [];
        return new MlModel
        {
            OnnxFile = onnxFile,
            Signature = new ModelSignature(
                SignatureJson.Parse(Scalar(root, "signature", "inputs"), where),
                SignatureJson.Parse(Scalar(root, "signature", "outputs"), where)),
            Sha256 = Scalar(root, "metadata", "sha256"),
            SizeBytes = long.TryParse(Scalar(root, "model_size_bytes"), out var size) ? size : null,
            RunId = Scalar(root, "run_id"),
            ModelUuid = Scalar(root, "model_uuid"),
            CreatedAt = ParseTime(Scalar(root, "utc_time_created")),
            Source = Scalar(root, "metadata", "source"),
            InputExampleFile = Scalar(root, "saved_input_example_info", "artifact_path"),
            Metrics = metrics,
        };
    }

    public string ToYaml()
    {
        var document = new Dictionary<string, object?>
        {
            ["artifact_path"] = "model",
            ["flavors"] = new Dictionary<string, object?>
            {
                ["onnx"] = new Dictionary<string, object?>
                {
                    ["code"] = null,
                    ["data"] = OnnxFile,
                    ["providers"] = new[] { "CPUExecutionProvider" },
                },
                ["python_function"] = new Dictionary<string, object?>
                {
                    ["data"] = OnnxFile,
                    ["loader_module"] = "mlflow.onnx",
                },
            },
            ["model_size_bytes"] = SizeBytes,
            ["model_uuid"] = ModelUuid,
            ["run_id"] = RunId,
            ["utc_time_created"] = CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            ["signature"] = new Dictionary<string, object?>
            {
                ["inputs"] = SignatureJson.Write(Signature.Inputs),
                ["outputs"] = SignatureJson.Write(Signature.Outputs),
                ["params"] = null,
            },
            ["metadata"] = new Dictionary<string, object?>
            {
                ["sha256"] = Sha256,
                ["source"] = Source,
                ["metrics"] = Metrics.Count == 0 ? null : Metrics.ToDictionary(p => p.Key, p => (object?)p.Value),
            },
        };
        if (InputExampleFile is not null)
        {
            document["saved_input_example_info"] = new Dictionary<string, object?>
            {
                ["artifact_path"] = InputExampleFile,
                ["type"] = "ndarray",
                ["format"] = "tf-serving",
            };
        }

        return YamlTreeWriter.Write(document);
    }

    private static InvalidDataException NoOnnxFlavor(YamlMappingNode root, string where)
    {
        var flavors = Node(root, "flavors") is YamlMappingNode map ? string.Join(", ", map.Children.Keys) : "none";
        return new InvalidDataException(
            $"{where}: MLmodel has no onnx flavor (flavors.onnx.data; its flavors: {flavors}). Hotswap serves ONNX: convert the model " +
            "(for scikit-learn, with skl2onnx's convert_sklearn) and log it with mlflow.onnx.log_model, or import the .onnx file with the publisher.");
    }

    private static YamlNode? Node(YamlMappingNode root, params string[] path)
    {
        YamlNode? node = root;
        foreach (var key in path)
        {
            node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return node;
    }

    private static string? Scalar(YamlMappingNode root, params string[] path) =>
        Node(root, path) is YamlScalarNode { Value: { Length: > 0 } value } && value != "null" && value != "~" ? value : null;

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}

/// <summary>MLflow keeps a signature as a JSON string inside the YAML: a list of tensor or column specs.</summary>
internal static class SignatureJson
{
    /// <summary>The longest signature read, in characters (MLflow's are a few hundred; JsonDocument's default depth limit of 64 bounds its nesting).</summary>
    public const int MaxChars = 256 * 1024;

    public static IReadOnlyList<TensorSpec> Parse(string? json, string where)
    {
        if (json is null)
        {
            return [];
        }

        if (json.Length > MaxChars)
        {
            throw new InvalidDataException($"{where}: the MLmodel signature is {json.Length} characters, more than the {MaxChars} a signature may have.");
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray().Select((spec, i) => ParseSpec(spec, i)).ToArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{where}: the MLmodel signature is not valid: {e.Message}", e);
        }
    }

    /// <summary>Compact, escaped as the serializer's defaults escape: <c>[{"type":"tensor","tensor-spec":{"dtype":"float32","shape":[-1,3]},"name":"features"}]</c>.</summary>
    public static string Write(IReadOnlyList<TensorSpec> specs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var spec in specs)
            {
                json.WriteStartObject();
                json.WriteString("type", "tensor");
                json.WriteStartObject("tensor-spec");
                json.WriteString("dtype", spec.DType);
                json.WriteStartArray("shape");
                foreach (var dimension in spec.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteString("name", spec.Name);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static TensorSpec ParseSpec(JsonElement spec, int index)
    {
        var name = spec.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : $"input_{index}";
        if (spec.TryGetProperty("tensor-spec", out var tensor))
        {
            var shape = tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var dtype = tensor.GetProperty("dtype").GetString()!;
            return new TensorSpec(name, dtype is "str" or "object" ? "string" : dtype, shape);
        }

        // A column of a dataframe signature: one value per row.
        var type = spec.GetProperty("type").GetString()!;
        return new TensorSpec(name, ColumnTypes.GetValueOrDefault(type, type), [-1]);
    }

    /// <summary>MLflow's column types, in the canonical element names of <see cref="TensorSpec.DType"/>.</summary>
    private static readonly Dictionary<string, string> ColumnTypes = new(StringComparer.Ordinal)
    {
        ["double"] = "float64",
        ["float"] = "float32",
        ["long"] = "int64",
        ["integer"] = "int32",
        ["boolean"] = "bool",
        ["string"] = "string",
    };
}
