using Hotswap.Registry.Storage;

namespace Hotswap.Registry.Tests.Storage;

/// <summary>Where model_list.json's paths may point, and how MLflow's own URIs resolve.</summary>
public sealed class VersionLocationsTests
{
    private static readonly IObjectStore Home = new FileSystemObjectStore(Path.GetTempPath());
    private static readonly IObjectStore Mlflow = new FileSystemObjectStore(Path.GetTempPath());

    private static VersionLocations OnS3(string destination = "s3://mlflow/artifacts") =>
        new(StoreLocation.Parse("s3://models/fleet"), Home, new Dictionary<string, IObjectStore> { ["mlflow"] = Mlflow }, destination);

    [Fact]
    public void A_path_in_an_allowed_bucket_resolves_to_that_bucket_s_store()
    {
        var folder = OnS3().Resolve("s3://mlflow/artifacts/1/run/artifacts/model/");

        Assert.Equal((Mlflow, "artifacts/1/run/artifacts/model", "s3://mlflow/artifacts/1/run/artifacts/model"), (folder.Store, folder.Key, folder.Uri));
    }

    [Fact]
    public void A_path_in_the_store_s_bucket_resolves_to_the_store()
    {
        var folder = OnS3().Resolve("s3://models/fleet/iris/3");

        Assert.Equal((Home, "fleet/iris/3"), (folder.Store, folder.Key));
    }

    [Fact]
    public void A_path_in_a_bucket_not_allowed_is_refused_with_the_buckets_that_are()
    {
        var error = Assert.Throws<FormatException>(() => OnS3().Resolve("s3://other/iris/3"));

        Assert.Equal("The path 's3://other/iris/3' is in the bucket 'other', which is neither the store's (s3://models/fleet/) nor one of ModelStore:AllowedBuckets (mlflow).", error.Message);
    }

    [Theory]
    [InlineData("s3://mlflow/artifacts/../secrets/model")]
    [InlineData("s3://models/fleet/../other/iris/3")]
    [InlineData("mlflow-artifacts:/1/../../secrets")]
    [InlineData("fleet/../../iris")]
    public void A_path_that_climbs_with_dot_dot_is_refused(string path) =>
        Assert.Throws<FormatException>(() => OnS3().Resolve(path));

    [Theory]
    [InlineData("mlflow-artifacts:/1/7e224b4b743f4f848ec34ae09cc66ac2/artifacts/iris_regression_model")]
    [InlineData("mlflow-artifacts://tracking.example:5000/1/7e224b4b743f4f848ec34ae09cc66ac2/artifacts/iris_regression_model")]
    [InlineData("mlflow-artifacts:///1/7e224b4b743f4f848ec34ae09cc66ac2/artifacts/iris_regression_model/")]
    public void An_mlflow_artifacts_uri_maps_onto_the_artifacts_destination_as_the_tracking_server_does(string path)
    {
        var folder = OnS3().Resolve(path);

        Assert.Equal("s3://mlflow/artifacts/1/7e224b4b743f4f848ec34ae09cc66ac2/artifacts/iris_regression_model", folder.Uri);
        Assert.Same(Mlflow, folder.Store);
    }

    [Fact]
    public void An_mlflow_artifacts_uri_without_a_destination_says_which_setting_is_missing()
    {
        var error = Assert.Throws<FormatException>(() => OnS3(destination: "").Resolve("mlflow-artifacts:/1/run/artifacts/model"));

        Assert.Contains("MLflow:ArtifactsDestination is not set", error.Message);
    }

    [Fact]
    public void An_mlflow_artifacts_destination_in_a_bucket_not_allowed_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => OnS3(destination: "s3://elsewhere/artifacts").Resolve("mlflow-artifacts:/1/run/artifacts/model"));

        Assert.Contains("the bucket 'elsewhere'", error.Message);
    }

    [Theory]
    [InlineData("models:/iris_model/2")]
    [InlineData("models:/iris_model@champion")]
    public void A_model_registry_uri_is_refused_with_what_would_resolve_it(string path)
    {
        var error = Assert.Throws<FormatException>(() => OnS3().Resolve(path));

        Assert.Equal(
            $"The path '{path}' names MLflow's model registry, which hosts never call: give the entry \"follow\": \"{path}\" " +
            "(publisher follow, or the dashboard's MLflow:TrackingUri) and the control plane writes the version's own location here.", error.Message);
    }

    [Fact]
    public void A_local_artifacts_destination_resolves_inside_it_and_nowhere_else()
    {
        var root = Directory.CreateTempSubdirectory("hotswap-locations-").FullName;
        try
        {
            var locations = new VersionLocations(StoreLocation.Parse(Path.Combine(root, "store")), Home, null, Path.Combine(root, "mlartifacts"));

            var folder = locations.Resolve("mlflow-artifacts:/1/run/artifacts/model");

            Assert.Equal(Path.Combine(root, "mlartifacts", "1", "run", "artifacts", "model"), folder.Uri);
            Assert.Equal("1/run/artifacts/model", folder.Key);
            Assert.Equal(folder.Uri, locations.Resolve(folder.Uri).Uri);
            Assert.Throws<FormatException>(() => locations.Resolve(Path.Combine(root, "elsewhere", "model")));
            Assert.Throws<FormatException>(() => locations.Resolve(Path.Combine(root, "mlartifacts", "..", "elsewhere")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_local_store_refuses_a_directory_outside_its_root()
    {
        var locations = new VersionLocations(StoreLocation.Parse(Path.Combine(Path.GetTempPath(), "store")), Home);

        var error = Assert.Throws<FormatException>(() => locations.Resolve(Path.Combine(Path.GetTempPath(), "other", "iris", "2")));

        Assert.Contains("is outside the store", error.Message);
    }
}
