using Hotswap.Onnx;
using Hotswap.Publisher.Tests.Support;
using Hotswap.Registry.Storage;
using Hotswap.Testing;

namespace Hotswap.Publisher.Tests.Commands;

/// <summary>The CLI reads versions where the seed's model_list.json puts them: in MLflow's artifact bucket.</summary>
public sealed class MlflowVersionsCommandTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task Versions_lists_an_MLflow_folder_named_by_the_seed_model_list_with_how_it_is_verified()
    {
        var store = TestStore.InS3(s3rver.Server);
        var prefix = StoreLocation.Parse(store.Options.Uri).Prefix.TrimEnd('/');
        await MlflowFixtures.SeedAsync(s3rver.Server, prefix, GeneratedModel.Linear([1f, 1f, 1f], 2).ToOnnx());
        foreach (var (key, value) in MlflowFixtures.Settings(prefix))
        {
            store = store.WithConfiguration(key, value);
        }

        var result = await store.RunAsync("versions", "--model", "iris_model");

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.Out.TrimEnd().Split('\n')[1..]);
        var cells = System.Text.RegularExpressions.Regex.Split(row.TrimEnd(), " {2,}");
        Assert.Equal(["2", "-", "S3 ETag (md5)", "features: float32[-1,3] -> prediction: float32[-1,1]"], [cells[0], .. cells[3..6]]);
    }

    [Fact]
    public async Task Without_the_artifacts_destination_the_version_is_listed_with_the_setting_it_needs()
    {
        var store = TestStore.InS3(s3rver.Server);
        var prefix = StoreLocation.Parse(store.Options.Uri).Prefix.TrimEnd('/');
        await MlflowFixtures.SeedAsync(s3rver.Server, prefix, GeneratedModel.Linear([1f, 1f, 1f], 2).ToOnnx());

        var result = await store.RunAsync("versions", "--model", "iris_model");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("unreadable", result.Out);
        Assert.Contains("MLflow:ArtifactsDestination is not set", result.Out);
    }
}
