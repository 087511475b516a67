using Microsoft.Extensions.Options;

namespace Hotswap.Registry;

/// <summary>How MLflow's own locations resolve: <c>MLflow:*</c> in configuration.</summary>
public sealed class MlflowOptions
{
    public const string Section = "MLflow";

    /// <summary>
    /// The tracking server's <c>--artifacts-destination</c> (<c>s3://BUCKET/PREFIX</c> or a local directory), against which
    /// <c>mlflow-artifacts:/</c> paths resolve. Empty: such paths are refused.
    /// </summary>
    public string ArtifactsDestination { get; set; } = "";
}

/// <summary>Reports every problem of <see cref="MlflowOptions"/> at once, at start-up.</summary>
public sealed class MlflowOptionsValidator : IValidateOptions<MlflowOptions>
{
    public ValidateOptionsResult Validate(string? name, MlflowOptions options)
    {
        var destination = options.ArtifactsDestination;
        if (destination.Length == 0)
        {
            return ValidateOptionsResult.Success;
        }

        if (destination.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var bucket = destination["s3://".Length..].Split('/')[0];
            return Storage.StoreLocation.IsValidBucket(bucket)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"MLflow:ArtifactsDestination '{destination}' names no valid bucket; expected s3://BUCKET/PREFIX as given to mlflow server --artifacts-destination.");
        }

        return destination.Contains("://", StringComparison.Ordinal) || !Path.IsPathRooted(destination)
            ? ValidateOptionsResult.Fail($"MLflow:ArtifactsDestination '{destination}' is neither s3://BUCKET/PREFIX nor an absolute local directory.")
            : ValidateOptionsResult.Success;
    }
}
