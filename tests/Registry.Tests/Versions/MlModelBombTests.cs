using Hotswap.Registry.Storage;
using Hotswap.Registry.Versions;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Versions;

/// <summary>
/// MLmodel files written to exhaust the parser: each is refused with an <see cref="InvalidDataException"/> naming the
/// version and the problem (which the registry lists as the version's error) instead of overflowing the stack, which
/// would stop the host or dashboard process.
/// </summary>
public sealed class MlModelBombTests
{
    private const string Where = "model-x version 7";

    /// <summary>Every hostile MLmodel but the one over the store's read limit, which no store hands to the parser.</summary>
    public static TheoryData<string> Parsed => [.. HostileMlModels.All.Where(b => !b.Problem.Contains("read into memory", StringComparison.Ordinal)).Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(Parsed))]
    public void A_hostile_MLmodel_is_refused_naming_the_version_and_the_problem(string name)
    {
        var (_, yaml, problem) = HostileMlModels.Named(name);

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
