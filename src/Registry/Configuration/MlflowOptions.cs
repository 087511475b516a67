using System.ComponentModel;
using Microsoft.Extensions.Options;

namespace Hotswap.Registry.Configuration;

/// <summary>How MLflow's own locations resolve: <c>MLflow:*</c> in configuration.</summary>
public sealed class MlflowOptions
{
    public const string Section = "MLflow";

    [Description("The tracking server's --artifacts-destination (s3://BUCKET/PREFIX or an absolute local directory) that mlflow-artifacts:/ paths resolve against; empty refuses such paths.")]
    public string ArtifactsDestination { get; set; } = "";

    [Description("The MLflow tracking server whose model registry entries with follow are resolved against (http(s)://HOST:PORT); read by the dashboard and the CLI only: hosts never call MLflow. Empty: nothing is followed.")]
    public string TrackingUri { get; set; } = "";

    [Description("A bearer token for the tracking server (MLFLOW_TRACKING_TOKEN); not with Username/Password.")]
    public string? Token { get; set; }

    [Description("A user name for the tracking server's basic authentication (MLFLOW_TRACKING_USERNAME), with Password.")]
    public string? Username { get; set; }

    [Description("The password that goes with Username (MLFLOW_TRACKING_PASSWORD).")]
    public string? Password { get; set; }

    [Description("The secret of the MLflow registry webhook that POSTs to the dashboard's /webhooks/mlflow; deliveries are checked against it (X-MLflow-Signature). Empty: every delivery is refused, and polling alone follows.")]
    public string? WebhookSecret { get; set; }

    [Description("How often the dashboard resolves every followed entry, whether or not a webhook arrived (MLflow delivers webhooks best-effort and keeps no history); at least 1 s.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    [Description("How long one request to the tracking server may take.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool FollowsRegistry => TrackingUri.Length > 0;
}

/// <summary>The <c>MLflow:*</c> keys, as validators and docs/configuration.md name them.</summary>
public static class MlflowKeys
{
    public const string ArtifactsDestination = $"{MlflowOptions.Section}:{nameof(MlflowOptions.ArtifactsDestination)}";
    public const string TrackingUri = $"{MlflowOptions.Section}:{nameof(MlflowOptions.TrackingUri)}";
    public const string Token = $"{MlflowOptions.Section}:{nameof(MlflowOptions.Token)}";
    public const string Username = $"{MlflowOptions.Section}:{nameof(MlflowOptions.Username)}";
    public const string Password = $"{MlflowOptions.Section}:{nameof(MlflowOptions.Password)}";
    public const string WebhookSecret = $"{MlflowOptions.Section}:{nameof(MlflowOptions.WebhookSecret)}";
    public const string PollInterval = $"{MlflowOptions.Section}:{nameof(MlflowOptions.PollInterval)}";
    public const string RequestTimeout = $"{MlflowOptions.Section}:{nameof(MlflowOptions.RequestTimeout)}";
}

/// <summary>Reports every problem of <see cref="MlflowOptions"/> at once, at start-up.</summary>
public sealed class MlflowOptionsValidator : IValidateOptions<MlflowOptions>
{
    public ValidateOptionsResult Validate(string? name, MlflowOptions options)
    {
        var problems = new List<string>();
        if (DestinationProblem(options.ArtifactsDestination) is { } destination)
        {
            problems.Add(destination);
        }

        if (options.TrackingUri.Length > 0 && !(Uri.TryCreate(options.TrackingUri, UriKind.Absolute, out var tracking) && tracking.Scheme is "http" or "https"))
        {
            problems.Add($"{MlflowKeys.TrackingUri} '{options.TrackingUri}' is not an absolute http(s) URL such as http://mlflow:5000.");
        }

        if (!string.IsNullOrEmpty(options.Token) && !string.IsNullOrEmpty(options.Username))
        {
            problems.Add($"{MlflowKeys.Token} and {MlflowKeys.Username} are both set: give the tracking server one kind of credentials.");
        }

        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
        {
            problems.Add($"{MlflowKeys.Username} and {MlflowKeys.Password} go together: set both or neither.");
        }

        if (options.PollInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{MlflowKeys.PollInterval} is {options.PollInterval}; it must be at least 1 s.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{MlflowKeys.RequestTimeout} is {options.RequestTimeout}; it must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static string? DestinationProblem(string destination)
    {
        if (destination.Length == 0)
        {
            return null;
        }

        if (destination.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var bucket = destination["s3://".Length..].Split('/')[0];
            return Storage.StoreLocation.IsValidBucket(bucket)
                ? null
                : $"{MlflowKeys.ArtifactsDestination} '{destination}' names no valid bucket; expected s3://BUCKET/PREFIX as given to mlflow server --artifacts-destination.";
        }

        return destination.Contains("://", StringComparison.Ordinal) || !Path.IsPathRooted(destination)
            ? $"{MlflowKeys.ArtifactsDestination} '{destination}' is neither s3://BUCKET/PREFIX nor an absolute local directory."
            : null;
    }
}
