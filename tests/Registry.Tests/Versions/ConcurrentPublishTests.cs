using Hotswap.Contracts.Models;
using Hotswap.Registry.Tests.Support;

namespace Hotswap.Registry.Tests.Versions;

/// <summary>
/// Publishers racing for one version number on a store that honours conditional creates (the local store here; AWS
/// and MinIO alike): each ends with a version of its own, and no version's files are ever replaced.
/// </summary>
public sealed class ConcurrentPublishTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Six_publishers_racing_for_the_next_version_each_get_a_distinct_version_whose_onnx_matches_its_MLmodel()
    {
        await using var store = TestStore.Local();
        var onnxFiles = Enumerable.Range(1, 6).Select(i => TestModels.LinearOnnx(i)).ToArray();
        var requests = onnxFiles.Select(onnx => TestModels.Request(store, "iris", null, onnx)).ToArray();
        var go = new TaskCompletionSource();

        var publishes = requests.Select(request => Task.Run(async () => { await go.Task; return await store.Registry.PublishAsync(request, Ct); }, Ct)).ToArray();
        go.SetResult();
        var published = await Task.WhenAll(publishes);

        var versions = await store.Registry.ListVersionsAsync("iris", Ct);
        Assert.Equal(["6", "5", "4", "3", "2", "1"], versions.Select(v => v.Version));
        Assert.Equal(onnxFiles.Select(TestModels.Sha256).Order(), versions.Select(v => v.Sha256).Order());
        Assert.Equal(published.Select(p => p.Version.Version).Order(), versions.Select(v => v.Version).Order());
        await AssertEachOnnxMatchesItsMlModelAsync(store, versions);
    }

    [Fact]
    public async Task A_publisher_that_loses_its_number_to_another_takes_the_next_and_leaves_the_winners_files_alone()
    {
        await using var store = TestStore.Local();
        var winnerOnnx = TestModels.LinearOnnx(1f);
        var loserOnnx = TestModels.LinearOnnx(2f);
        // The loser has chosen version 1 when, before its first write, the winner publishes version 1 in full.
        var loser = new ModelRegistry(
            new InterleavingStore(store.Objects, () => store.Registry.PublishAsync(TestModels.Request(store, "iris", null, winnerOnnx), Ct)),
            store.Location,
            store.Time);

        var lost = await loser.PublishAsync(TestModels.Request(store, "iris", null, loserOnnx), Ct);

        Assert.Equal("2", lost.Version.Version);
        Assert.Equal(winnerOnnx, await store.ReadAsync($"{store.Location.Prefix}iris/1/model.onnx"));
        Assert.Equal(TestModels.Sha256(winnerOnnx), (await store.Registry.GetVersionAsync("iris", "1", Ct))?.Sha256);
        Assert.Equal(TestModels.Sha256(loserOnnx), (await store.Registry.GetVersionAsync("iris", "2", Ct))?.Sha256);
        await AssertEachOnnxMatchesItsMlModelAsync(store, await store.Registry.ListVersionsAsync("iris", Ct));
    }

    [Fact]
    public async Task A_named_version_whose_files_another_publisher_is_writing_is_refused_and_its_files_are_left_alone()
    {
        await using var store = TestStore.Local();
        var inFlight = TestModels.LinearOnnx(1f);
        await store.WriteAsync($"{store.Location.Prefix}iris/1/model.onnx", inFlight);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.Registry.PublishAsync(TestModels.Request(store, "iris", "1", TestModels.LinearOnnx(2f)), Ct));

        Assert.StartsWith("iris version 1 is being written by another publisher in ", error.Message);
        Assert.Equal(inFlight, await store.ReadAsync($"{store.Location.Prefix}iris/1/model.onnx"));
        Assert.Equal([$"{store.Location.Prefix}iris/1/model.onnx"], await store.KeysAsync());
    }

    [Fact]
    public async Task A_publish_without_a_version_skips_a_number_whose_files_another_publisher_is_writing()
    {
        await using var store = TestStore.Local();
        var inFlight = TestModels.LinearOnnx(1f);
        await store.WriteAsync($"{store.Location.Prefix}iris/1/model.onnx", inFlight);

        var published = await store.Registry.PublishAsync(TestModels.Request(store, "iris", null, TestModels.LinearOnnx(2f)), Ct);

        Assert.Equal("2", published.Version.Version);
        Assert.Equal(inFlight, await store.ReadAsync($"{store.Location.Prefix}iris/1/model.onnx"));
    }

    /// <summary>Downloading checks each version's ONNX bytes against the SHA-256 its MLmodel records.</summary>
    private static async Task AssertEachOnnxMatchesItsMlModelAsync(TestStore store, IReadOnlyList<ModelVersionInfo> versions)
    {
        foreach (var version in versions)
        {
            await store.Registry.DownloadOnnxAsync(version, Path.Combine(store.Sandbox, $"download-{version.Version}.onnx"), Ct);
        }
    }
}
