using Hotswap.Registry.Configuration;

namespace Hotswap.Registry.Tests;

/// <summary>MLflow:* and the new ModelStore:* settings, checked at start-up with every problem named.</summary>
public sealed class MlflowOptionsValidatorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("s3://mlflow/artifacts")]
    [InlineData("/var/lib/mlflow/mlartifacts")]
    public void An_s3_destination_an_absolute_directory_or_none_is_valid(string destination) =>
        Assert.True(new MlflowOptionsValidator().Validate(null, new MlflowOptions { ArtifactsDestination = destination }).Succeeded);

    [Theory]
    [InlineData("s3://", "names no valid bucket")]
    [InlineData("s3://Bad_Bucket/artifacts", "names no valid bucket")]
    [InlineData("gs://mlflow/artifacts", "is neither s3://BUCKET/PREFIX nor an absolute local directory")]
    [InlineData("mlartifacts", "is neither s3://BUCKET/PREFIX nor an absolute local directory")]
    public void Any_other_destination_is_refused_saying_what_is_expected(string destination, string problem)
    {
        var result = new MlflowOptionsValidator().Validate(null, new MlflowOptions { ArtifactsDestination = destination });

        Assert.Contains($"MLflow:ArtifactsDestination '{destination}' {problem}", result.FailureMessage);
    }

    [Fact]
    public void Allowed_buckets_that_are_not_bucket_names_are_each_refused()
    {
        var result = new ModelStoreOptionsValidator().Validate(null, new ModelStoreOptions { Uri = "s3://models", AllowedBuckets = ["mlflow", "x", "s3://mlflow"] });

        Assert.Equal(
            ["ModelStore:AllowedBuckets names 'x', which is not a bucket name (3-63 lower-case letters, digits, '.' or '-').",
             "ModelStore:AllowedBuckets names 's3://mlflow', which is not a bucket name (3-63 lower-case letters, digits, '.' or '-')."],
            result.Failures);
    }

    [Fact]
    public void Every_problem_of_the_registry_settings_is_reported_at_once()
    {
        var result = new MlflowOptionsValidator().Validate(null, new MlflowOptions
        {
            TrackingUri = "mlflow:5000",
            Token = "t",
            Username = "alice",
            PollInterval = TimeSpan.FromMilliseconds(500),
            RequestTimeout = TimeSpan.Zero,
        });

        Assert.Equal(
            ["MLflow:TrackingUri 'mlflow:5000' is not an absolute http(s) URL such as http://mlflow:5000.",
             "MLflow:Token and MLflow:Username are both set: give the tracking server one kind of credentials.",
             "MLflow:Username and MLflow:Password go together: set both or neither.",
             "MLflow:PollInterval is 00:00:00.5000000; it must be at least 1 s.",
             "MLflow:RequestTimeout is 00:00:00; it must be positive."],
            result.Failures);
    }

    [Fact]
    public void A_tracking_server_with_basic_credentials_is_valid() =>
        Assert.True(new MlflowOptionsValidator().Validate(null, new MlflowOptions { TrackingUri = "https://mlflow.example:5000", Username = "alice", Password = "secret" }).Succeeded);
}
