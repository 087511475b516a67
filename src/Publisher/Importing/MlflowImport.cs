using Hotswap.Registry;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Mlflow;

namespace Hotswap.Publisher.Importing;

/// <summary>
/// An import named by MLflow (<c>models:/NAME@ALIAS</c>, <c>models:/NAME/VERSION</c>, <c>models:/NAME/latest</c> or
/// <c>runs:/RUN_ID/PATH</c>): MLflow says where the files are; they are copied straight from that store when this
/// machine can reach it (an allowed bucket, <c>MLflow:ArtifactsDestination</c>), otherwise through the tracking
/// server's artifact proxy, into a folder the caller deletes.
/// </summary>
public static class MlflowImport
{
    public static bool Names(string path) =>
        path.StartsWith(MlflowModelUri.Scheme, StringComparison.Ordinal) || path.StartsWith("runs:/", StringComparison.Ordinal);

    public sealed record Fetched(string Directory, string Description, string? RunId);

    public static async Task<Fetched> FetchAsync(MlflowOptions options, ModelRegistry registry, string path, long maxBytes, CancellationToken cancellationToken)
    {
        if (!options.FollowsRegistry)
        {
            throw new ArgumentException($"{path} names MLflow's registry, but no tracking server is set: set MLflow__TrackingUri (and MLflow__Token or MLflow__Username/MLflow__Password if it needs them).");
        }

        using var http = new HttpClient();
        MlflowConnection.Configure(http, options);
        var mlflow = new MlflowRegistryClient(http);
        string location;
        string? runId;
        string what;
        if (path.StartsWith("runs:/", StringComparison.Ordinal))
        {
            (location, runId, what) = (await mlflow.SourceLocationAsync(path, path, cancellationToken), path["runs:/".Length..].Split('/')[0], path);
        }
        else
        {
            var uri = MlflowModelUri.TryParse(path, out var parsed, out var problem) ? parsed : throw new ArgumentException(problem);
            var version = await mlflow.ResolveAsync(uri, cancellationToken);
            if (!version.IsReady)
            {
                throw new CommandRefusedException($"{uri} is version {version.Version}, which MLflow reports {version.Status}: import it once it is READY.");
            }

            (location, runId, what) = (await mlflow.ArtifactLocationAsync(version, cancellationToken), version.RunId, $"{uri} (version {version.Version})");
        }

        var directory = Directory.CreateTempSubdirectory("hotswap-import-").FullName;
        try
        {
            var direct = await registry.TryDownloadFolderAsync(location, directory, cancellationToken);
            if (!direct)
            {
                await mlflow.DownloadArtifactsAsync(location, directory, ModelRegistry.MaxFolderFiles, maxBytes, cancellationToken);
            }

            return new Fetched(directory, $"imported from {what}, {location}{(direct ? "" : " through MLflow's artifact proxy")}", runId);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }
}
