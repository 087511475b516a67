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
}
