using Hotswap.Registry.Storage;
using Hotswap.Registry.Versions;

namespace Hotswap.Registry.Tests.Versions;

/// <summary>
/// MLmodel files written to exhaust the parser: each is refused with an <see cref="InvalidDataException"/> naming the
/// version and the problem (which the registry lists as the version's error) instead of overflowing the stack, which
/// would stop the host or dashboard process.
/// </summary>
public sealed class MlModelBombTests
{
    private const string Where = "model-x version 7";

    public static TheoryData<string, string> Bombs => new()
    {
        { "flavors: " + new string('[', 50_000), "nests" },
        { "flavors: " + new string('{', 50_000), "nests" },
        { "flavors:\n" + string.Concat(Enumerable.Repeat("- ", 100_000)) + "x", "nests" },
        { "flavors:\n" + string.Concat(Enumerable.Range(1, 1_000).Select(i => new string(' ', i) + $"k{i}:\n")), "nests" },
        { "flavors: {}\nrun_id: '" + new string('a', 1024 * 1024) + "'\n", "characters, more than" },
        { "flavors:\n  onnx:\n    data: model.onnx\nsignature:\n  inputs: '" + new string('[', 10_000) + "'\n", "signature" },
        { "flavors:\n  onnx:\n    data: model.onnx\nsignature:\n  inputs: '" + new string(' ', 256 * 1024) + "[]'\n", "more than" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public void A_hostile_MLmodel_is_refused_naming_the_version_and_the_problem(string yaml, string problem)
    {
        var refusal = Assert.Throws<InvalidDataException>(() => MlModel.Parse(yaml, Where));

        Assert.StartsWith(Where, refusal.Message);
        Assert.Contains(problem, refusal.Message);
    }

    [Fact]
    public async Task An_object_over_the_read_limit_is_refused_unread_naming_its_key_and_the_limit()
    {
        var root = Directory.CreateTempSubdirectory("hotswap-bomb-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(root, "model_list.json"), new byte[IObjectStore.MaxReadBytes + 1]);
            var store = new FileSystemObjectStore(root);

            var refusal = await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadAsync("model_list.json", null, CancellationToken.None));

            Assert.Contains("'model_list.json'", refusal.Message);
            Assert.Contains($"more than the {IObjectStore.MaxReadBytes}", refusal.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
