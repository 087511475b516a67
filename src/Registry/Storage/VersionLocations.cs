using Hotswap.Registry.Configuration;

namespace Hotswap.Registry.Storage;

/// <summary>
/// Resolves the locations model_list.json and MLflow name (a version's <c>path</c>) to the store that holds them:
/// <c>s3://BUCKET/…</c> in the store's bucket or one of <c>ModelStore:AllowedBuckets</c>, <c>mlflow-artifacts:/…</c>
/// against <c>MLflow:ArtifactsDestination</c> as MLflow's tracking server maps it, a directory inside a local store,
/// or a key of the store. Every result is checked: no <c>..</c>, no other bucket, no escape from a local root.
/// One object store per bucket, made once.
/// </summary>
public sealed class VersionLocations
{
    private const string ArtifactsScheme = "mlflow-artifacts:";
    private const string RegistryScheme = "models:/";

    private readonly IReadOnlyDictionary<string, IObjectStore> _buckets;
    private readonly string _artifactsDestination;
    private readonly StoreLocation? _artifactsDirectory;
    private readonly IObjectStore? _artifactsDirectoryStore;

    public VersionLocations(StoreLocation home, IObjectStore homeStore, IReadOnlyDictionary<string, IObjectStore>? otherBuckets = null, string artifactsDestination = "")
    {
        Home = home;
        HomeStore = homeStore;
        _buckets = otherBuckets ?? new Dictionary<string, IObjectStore>();
        _artifactsDestination = artifactsDestination.TrimEnd('/', '\\');
        if (_artifactsDestination.Length > 0 && !_artifactsDestination.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            _artifactsDirectory = StoreLocation.Parse(_artifactsDestination);
            _artifactsDirectoryStore = new FileSystemObjectStore(_artifactsDirectory.RootDirectory);
        }
    }

    public StoreLocation Home { get; }

    public IObjectStore HomeStore { get; }

    public static VersionLocations Create(ModelStoreOptions options, MlflowOptions mlflow)
    {
        var home = StoreLocation.Parse(options.Uri);
        IObjectStore homeStore = home.IsS3 ? S3ObjectStore.Create(options, home.Bucket) : new FileSystemObjectStore(home.RootDirectory);
        var others = options.AllowedBuckets
            .Where(b => !home.IsS3 || b != home.Bucket)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(b => b, IObjectStore (b) => S3ObjectStore.Create(options, b), StringComparer.Ordinal);
        return new VersionLocations(home, homeStore, others, mlflow.ArtifactsDestination);
    }

    /// <summary>The folder a <c>path</c> names; a <see cref="FormatException"/> says why a path is refused.</summary>
    public StoredFolder Resolve(string path)
    {
        if (path.StartsWith(RegistryScheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException(
                $"The path '{path}' names MLflow's model registry, which hosts never call: give the entry \"follow\": \"{path}\" " +
                "(publisher follow, or the dashboard's MLflow:TrackingUri) and the control plane writes the version's own location here.");
        }

        if (path.StartsWith(ArtifactsScheme, StringComparison.OrdinalIgnoreCase))
        {
            return Resolve(FromArtifacts(path));
        }

        if (path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && StoreLocation.Parse(path).Bucket is var bucket && !(Home.IsS3 && bucket == Home.Bucket))
        {
            var store = _buckets.GetValueOrDefault(bucket) ?? throw new FormatException(
                $"The path '{path}' is in the bucket '{bucket}', which is neither the store's ({Home}) nor one of {ModelStoreKeys.AllowedBuckets} ({string.Join(", ", _buckets.Keys.DefaultIfEmpty("none"))}).");
            var key = new StoreLocation { IsS3 = true, Bucket = bucket }.KeyOf(path);
            return new StoredFolder(store, key, $"s3://{bucket}/{key}");
        }

        if (_artifactsDirectory is not null && Path.IsPathRooted(path) && IsUnder(_artifactsDirectory.RootDirectory, path))
        {
            var key = _artifactsDirectory.KeyOf(path);
            return new StoredFolder(_artifactsDirectoryStore!, key, _artifactsDirectory.UriOf(key));
        }

        var homeKey = Home.KeyOf(path);
        return new StoredFolder(HomeStore, homeKey, Home.UriOf(homeKey));
    }

    /// <summary>
    /// <c>mlflow-artifacts:/1/RUN/artifacts/model</c> (or <c>mlflow-artifacts://host:port/1/…</c>) as the tracking
    /// server maps it: its path appended to the server's <c>--artifacts-destination</c>.
    /// </summary>
    private string FromArtifacts(string path)
    {
        var rest = path[ArtifactsScheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('/', 2);
            rest = end < 0 ? "" : rest[end..];
        }

        rest = rest.Trim('/');
        if (_artifactsDestination.Length == 0)
        {
            throw new FormatException($"The path '{path}' is an MLflow artifact, but {MlflowKeys.ArtifactsDestination} is not set: set it to the tracking server's --artifacts-destination (e.g. s3://mlflow/artifacts).");
        }

        if (rest.Length == 0 || rest.Split('/').Contains(".."))
        {
            throw new FormatException($"The path '{path}' names no folder inside MLflow's artifacts ({_artifactsDestination}).");
        }

        return _artifactsDirectory is null ? $"{_artifactsDestination}/{rest}" : Path.Combine(_artifactsDirectory.RootDirectory, rest);
    }

    private static bool IsUnder(string root, string path) =>
        Path.GetRelativePath(root, Path.GetFullPath(path)) is var relative && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
}
