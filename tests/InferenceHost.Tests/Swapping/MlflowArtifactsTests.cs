using System.Net;
using System.Net.Http.Json;
using Hotswap.Contracts.Predict;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Hotswap.Onnx;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Tests.Swapping;

/// <summary>
/// A host pointed at the seed's model_list.json, verbatim, naming an MLflow 2.x folder (MLmodel with no metadata
/// block) in MLflow's artifact bucket, another bucket than the store's.
/// </summary>
public sealed class MlflowArtifactsTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task The_seed_s_model_list_is_served_from_MLflow_s_bucket_and_the_status_says_how_it_was_verified()
    {
        var store = new ModelStoreScenario(s3.Server);
        await MlflowFixtures.SeedAsync(s3.Server, store.Prefix, GeneratedModel.Linear([1f, 1f, 1f], 2).ToOnnx());
        await using var host = await RunningHost.StartAsync(store, MlflowFixtures.Settings(store.Prefix));

        var status = await host.WaitUntilServingAsync("2");
        var response = await host.PredictAsync([1f, 2f, 3f]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8f, (await response.Content.ReadFromJsonAsync<SeedPredictResponse>())!.Prediction[0].GetSingle());
        Assert.Equal("S3 ETag (md5)", status!.ServedVerification);
        Assert.Null(status.ServedSha256);
        Assert.False(response.Headers.Contains(PredictHeaders.Sha256));
        var models = await host.Client.GetFromJsonAsync<ModelStatus[]>("/models", Json.Options);
        Assert.Equal("S3 ETag (md5)", Assert.Single(models!).ServedVerification);
    }

    [Fact]
    public async Task A_swap_to_the_MLflow_version_tells_the_hub_how_it_was_verified()
    {
        var store = new ModelStoreScenario(s3.Server);
        await store.PublishAsync(1);
        await using var host = await RunningHost.StartAsync(store, MlflowFixtures.Settings(store.Prefix));
        await host.WaitUntilServingAsync("1");
        await using var hub = await HubRecorder.ConnectAsync(host);

        await MlflowFixtures.SeedAsync(s3.Server, store.Prefix, GeneratedModel.Linear([1f, 1f, 1f], 2).ToOnnx());
        var swap = await hub.WaitForAsync<SwapSucceeded>(e => e.ToVersion == "2");

        Assert.Equal(("1", "S3 ETag (md5)", null), (swap.FromVersion, swap.Verification, swap.Sha256));
    }

    [Fact]
    public async Task A_host_with_an_invalid_artifacts_destination_does_not_start()
    {
        var store = new ModelStoreScenario(s3.Server);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningHost.StartAsync(store, new Dictionary<string, string?> { ["MLflow:ArtifactsDestination"] = "mlartifacts" }));

        Assert.Contains("MLflow:ArtifactsDestination 'mlartifacts'", error.Message);
    }

    [Fact]
    public async Task RequireChecksum_still_serves_a_version_an_etag_vouches_for()
    {
        var store = new ModelStoreScenario(s3.Server);
        await MlflowFixtures.SeedAsync(s3.Server, store.Prefix, GeneratedModel.Linear([1f, 1f, 1f], 2).ToOnnx());
        var settings = MlflowFixtures.Settings(store.Prefix);
        settings["ModelStore:RequireChecksum"] = "true";
        await using var host = await RunningHost.StartAsync(store, settings);

        var status = await host.WaitUntilServingAsync("2");

        Assert.Equal("S3 ETag (md5)", status!.ServedVerification);
    }

    [Fact]
    public async Task A_path_in_a_bucket_not_allowed_is_never_served_and_the_status_says_why()
    {
        var store = new ModelStoreScenario(s3.Server);
        await MlflowFixtures.SeedAsync(s3.Server, store.Prefix, GeneratedModel.Linear([1f, 1f, 1f], 2).ToOnnx());
        await using var host = await RunningHost.StartAsync(store, new Dictionary<string, string?> { ["MLflow:ArtifactsDestination"] = MlflowFixtures.ArtifactsDestination(store.Prefix) });

        // Until the first check has read the manifest, the host does not know the model yet (404).
        var status = await host.WaitForStatusAsync(s => s?.LastError is not null, "the refusal in the status");

        Assert.Null(status!.ServedVersion);
        Assert.Contains("is in the bucket 'mlflow', which is neither the store's", status.LastError);
    }
}
