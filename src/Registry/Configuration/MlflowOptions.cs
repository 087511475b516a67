using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace Hotswap.Registry.Configuration;

/// <summary>How MLflow's own locations resolve: <c>MLflow:*</c> in configuration.</summary>
public sealed class MlflowOptions
{
    public const string Section = "MLflow";

    [Description("The tracking server's --artifacts-destination (s3://BUCKET/PREFIX or an absolute local directory) that mlflow-artifacts:/ paths resolve against; empty refuses such paths.")]
    public string ArtifactsDestination { get; set; } = "";
}

/// <summary>The <c>MLflow:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class MlflowKeys
{
    public const string ArtifactsDestination = $"{MlflowOptions.Section}:{nameof(MlflowOptions.ArtifactsDestination)}";
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
                : ValidateOptionsResult.Fail($"{MlflowKeys.ArtifactsDestination} '{destination}' names no valid bucket; expected s3://BUCKET/PREFIX as given to mlflow server --artifacts-destination.");
        }

        return destination.Contains("://", StringComparison.Ordinal) || !Path.IsPathRooted(destination)
            ? ValidateOptionsResult.Fail($"{MlflowKeys.ArtifactsDestination} '{destination}' is neither s3://BUCKET/PREFIX nor an absolute local directory.")
            : ValidateOptionsResult.Success;
    }
}
