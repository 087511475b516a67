using Hotswap.Contracts.Models;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Tests.Support;
using Hotswap.Testing;

namespace Hotswap.Registry.Tests.Versions;

/// <summary>Version folders as MLflow writes them, named by model_list.json as the seed writes it.</summary>
public sealed class MlflowVersionTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.x")]
    [InlineData("3.x")]
    public async Task An_MLmodel_as_MLflow_writes_it_is_read_without_a_metadata_block(string mlflow)
    {
        await using var store = TestStore.Local();
        await store.WriteMlflowFolderAsync("iris", "2", mlflow == "2.x" ? MlflowFixtures.MlModel2x : MlflowFixtures.MlModel3x);

        var version = await store.Registry.GetVersionAsync("iris", "2", Ct);

        Assert.NotNull(version);
        Assert.Equal("model.onnx", version.OnnxFile);
        Assert.Equal(TestModels.LinearSignature.ToString(), version.Signature.ToString());
        Assert.Equal(mlflow == "2.x" ? "7e224b4b743f4f848ec34ae09cc66ac2" : "0d099223a0aa4e05976741242b1fb931", version.RunId);
        Assert.Equal(mlflow == "2.x" ? new DateTimeOffset(2025, 8, 30, 14, 2, 11, 482, TimeSpan.Zero).AddTicks(9130) : new DateTimeOffset(2025, 11, 6, 3, 46, 33, 71, TimeSpan.Zero).AddTicks(8050), version.CreatedAt);
        Assert.Equal("size only", version.Verification);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"iris\": ")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")]
    public async Task The_versions_in_the_store_are_listed_when_model_list_json_cannot_be_read(string manifest)
    {
        await using var store = TestStore.Local();
        await store.PublishAsync("iris", "1");
        await store.PublishAsync("iris", "2");
        await store.WriteTextAsync(store.DesiredStateKey, manifest);

        var versions = await store.Registry.ListVersionsAsync("iris", Ct);

        Assert.Equal(["2", "1"], versions.Select(v => v.Version));
    }

    [Fact]
    public async Task A_broken_or_flavorless_MLmodel_is_listed_with_its_error_and_the_other_versions_still_are()
    {
        await using var store = TestStore.Local();
        await store.PublishAsync("iris", "1");
        await store.WriteMlflowFolderAsync("iris", "2", "flavors: [onnx");
        await store.WriteMlflowFolderAsync("iris", "3", MlflowFixtures.MlModel2x.Replace("  onnx:\n", "  sklearn:\n", StringComparison.Ordinal));
        await store.WriteMlflowFolderAsync("iris", "4");

        var versions = await store.Registry.ListVersionsAsync("iris", Ct);

        Assert.Equal(["4", "3", "2", "1"], versions.Select(v => v.Version));
        Assert.Equal(["size only", "unreadable", "unreadable", "sha256 from model_list.json"], versions.Select(v => v.Verification));
        Assert.StartsWith("iris version 2: MLmodel is not valid YAML", versions[2].Error);
        Assert.StartsWith("iris version 3: MLmodel has no onnx flavor", versions[1].Error);
        Assert.Equal("4", (await store.Registry.UnpinAsync("iris", "ops", null, Ct)).Version);
    }

    [Fact]
    public async Task The_seed_s_model_list_names_a_version_in_MLflow_s_bucket_which_is_listed_with_its_verification()
    {
        var prefix = $"t-{Guid.NewGuid():N}";
        var options = s3.Server.StoreOptions(prefix);
        options.AllowedBuckets = [S3rverProcess.MlflowBucket];
        var onnx = TestModels.LinearOnnx(2f);
        var folder = await MlflowFixtures.SeedAsync(s3.Server, prefix, onnx);
        var registry = ModelRegistry.Create(options, TimeProvider.System, new MlflowOptions { ArtifactsDestination = MlflowFixtures.ArtifactsDestination(prefix) });

        var version = Assert.Single(await registry.ListVersionsAsync("iris_model", Ct));

        Assert.Equal(("2", folder, "S3 ETag (md5)", null), (version.Version, version.Location, version.Verification, version.Error));
        Assert.Equal(["iris_model"], await registry.ListModelsAsync(Ct));
        var downloaded = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.onnx");
        await registry.DownloadOnnxAsync(version, downloaded, Ct);
        Assert.Equal(onnx, await File.ReadAllBytesAsync(downloaded, Ct));
        File.Delete(downloaded);
    }

    [Fact]
    public async Task The_seed_s_MLflow_version_can_be_pinned_though_only_model_list_json_knows_where_it_is()
    {
        var prefix = $"t-{Guid.NewGuid():N}";
        var options = s3.Server.StoreOptions(prefix);
        options.AllowedBuckets = [S3rverProcess.MlflowBucket];
        var folder = await MlflowFixtures.SeedAsync(s3.Server, prefix, TestModels.LinearOnnx(2f));
        var registry = ModelRegistry.Create(options, TimeProvider.System, new MlflowOptions { ArtifactsDestination = MlflowFixtures.ArtifactsDestination(prefix) });

        var entry = await registry.PinAsync("iris_model", "2", "ops", null, Ct);

        Assert.Equal(("2", true, folder), (entry.Version, entry.Pinned, entry.Path));
        Assert.Equal("S3 ETag (md5)", (await registry.GetVersionAsync("iris_model", entry, Ct))?.Verification);
    }

    [Fact]
    public async Task A_model_list_path_that_is_refused_is_listed_with_the_reason()
    {
        await using var store = TestStore.Local();
        await store.WriteTextAsync(store.DesiredStateKey, """{"iris": {"path": "models:/iris/2", "version": "2"}}""");

        var version = Assert.Single(await store.Registry.ListVersionsAsync("iris", Ct));

        Assert.Equal(("models:/iris/2", "unreadable"), (version.Location, version.Verification));
        Assert.Contains("names MLflow's model registry, which hosts never call", version.Error);
    }
}
