using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Hotswap.Deployment.Tests;

/// <summary>A YAML document as nested maps and lists, read by path, failing with the path that is missing.</summary>
public sealed class YamlTree(object? node, string path)
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static YamlTree Parse(string yaml, string name) => new(Deserializer.Deserialize<object?>(yaml), name);

    public static IReadOnlyList<YamlTree> ParseAll(string yaml, string name)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<YamlTree>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(new YamlTree(Deserializer.Deserialize<object?>(parser), $"{name}#{documents.Count}"));
        }

        return documents;
    }

    public string Path => path;

    public YamlTree this[string key] => TryGet(key) ?? throw new KeyNotFoundException($"{path} has no '{key}'.");

    public YamlTree this[int index] => new(List[index], $"{path}[{index}]");

    public YamlTree? TryGet(string key) =>
        Map.TryGetValue(key, out var child) ? new YamlTree(child, $"{path}.{key}") : null;

    public IReadOnlyDictionary<object, object?> Map =>
        node as IReadOnlyDictionary<object, object?> ?? (node as Dictionary<object, object?>) ?? throw new InvalidOperationException($"{path} is not a map: {node}");

    public IReadOnlyList<object?> List => node as List<object?> ?? throw new InvalidOperationException($"{path} is not a list: {node}");

    public IEnumerable<YamlTree> Items => List.Select((item, i) => new YamlTree(item, $"{path}[{i}]"));

    public IEnumerable<string> Keys => Map.Keys.Select(k => k.ToString()!);

    public string Text => node?.ToString() ?? throw new InvalidOperationException($"{path} is empty.");

    public override string ToString() => $"{path}: {node}";
}
