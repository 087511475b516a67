using Hotswap.Registry.Storage;

namespace Hotswap.Testing;

/// <summary>
/// MLmodel files written to exhaust a parser, each with the words its refusal must contain: fed to the parser, to a
/// host process and to the dashboard's versions page.
/// </summary>
public static class HostileMlModels
{
    public static IReadOnlyList<(string Name, string Yaml, string Problem)> All { get; } =
    [
        ("50,000 '['", "flavors: " + new string('[', 50_000), "nests mappings and sequences more than 32 deep"),
        ("50,000 '{'", "flavors: " + new string('{', 50_000), "nests mappings and sequences more than 32 deep"),
        ("100,000 '- '", "flavors:\n" + string.Concat(Enumerable.Repeat("- ", 100_000)) + "x", "nests mappings and sequences more than 32 deep"),
        ("1,000 indented keys", "flavors:\n" + string.Concat(Enumerable.Range(1, 1_000).Select(i => new string(' ', i) + $"k{i}:\n")), "nests mappings and sequences more than 32 deep"),
        ("2 MiB", "flavors: {}\nrun_id: '" + new string('a', 2 * 1024 * 1024) + "'\n", "characters, more than the 1048576 an MLmodel may have"),
        ("over the read limit", "flavors: {}\nrun_id: '" + new string('a', IObjectStore.MaxReadBytes) + "'\n", $"more than the {IObjectStore.MaxReadBytes} read into memory"),
        ("a signature 10,000 deep", "flavors:\n  onnx:\n    data: model.onnx\nsignature:\n  inputs: '" + new string('[', 10_000) + "'\n", "the MLmodel signature is not valid"),
        ("a 256 KiB signature", "flavors:\n  onnx:\n    data: model.onnx\nsignature:\n  inputs: '" + new string(' ', 256 * 1024) + "[]'\n", "characters, more than the 262144 a signature may have"),
    ];

    public static (string Name, string Yaml, string Problem) Named(string name) => All.Single(b => b.Name == name);
}
