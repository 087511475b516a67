using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hotswap.Registry.Mlflow;

/// <summary>
/// Reads MLflow's model registry over its REST API 2.0 with <paramref name="http"/>, whose base address is the tracking
/// server (<c>MLflow:TrackingUri</c>) and whose handlers add its credentials. Only reads: Hotswap never changes MLflow.
/// </summary>
public sealed class MlflowRegistryClient(HttpClient http)
{
    private const string Api = "api/2.0/mlflow/";
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";

    /// <summary>The version <paramref name="uri"/> names now: where its alias points, the highest version, or the version it fixes.</summary>
    public async Task<MlflowModelVersion> ResolveAsync(MlflowModelUri uri, CancellationToken cancellationToken)
    {
        if (uri.Alias is { } alias)
        {
            return await GetVersionByAliasAsync(uri.Name, alias, cancellationToken);
        }

        if (uri.Version is { } version)
        {
            return await GetVersionAsync(uri.Name, version, cancellationToken);
        }

        // What MLflow's own models:/NAME/latest means: the highest of the latest version of each stage.
        var model = await GetRegisteredModelAsync(uri.Name, cancellationToken);
        return model.LatestVersions?.MaxBy(v => long.TryParse(v.Version, out var n) ? n : 0)
            ?? throw new MlflowRequestException($"The registered model '{uri.Name}' has no version in MLflow, so {uri} names nothing yet.", errorCode: "RESOURCE_DOES_NOT_EXIST");
    }

    public async Task<MlflowModelVersion> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken) =>
        (await GetAsync(MlflowJsonContext.Default.ModelVersionAnswer, $"{Api}registered-models/alias?name={Escape(name)}&alias={Escape(alias)}", $"the alias @{alias} of '{name}'", cancellationToken)).ModelVersion
        ?? throw Incomplete($"the alias @{alias} of '{name}'", "model_version");

    public async Task<MlflowModelVersion> GetVersionAsync(string name, string version, CancellationToken cancellationToken) =>
        (await GetAsync(MlflowJsonContext.Default.ModelVersionAnswer, $"{Api}model-versions/get?name={Escape(name)}&version={Escape(version)}", $"version {version} of '{name}'", cancellationToken)).ModelVersion
        ?? throw Incomplete($"version {version} of '{name}'", "model_version");

    /// <summary>A registered model with every alias at once, and its latest version per stage.</summary>
    public async Task<MlflowRegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        (await GetAsync(MlflowJsonContext.Default.RegisteredModelAnswer, $"{Api}registered-models/get?name={Escape(name)}", $"the registered model '{name}'", cancellationToken)).RegisteredModel
        ?? throw Incomplete($"the registered model '{name}'", "registered_model");

    /// <summary>
    /// Where <paramref name="version"/>'s files are, as a location the store resolves: its <c>source</c>, with
    /// <c>runs:/RUN_ID/PATH</c> resolved through the run's artifact URI and MLflow 3's <c>models:/MODEL_ID</c> through the
    /// logged model's.
    /// </summary>
    public Task<string> ArtifactLocationAsync(MlflowModelVersion version, CancellationToken cancellationToken) =>
        SourceLocationAsync(version.Source, $"version {version.Version} of '{version.Name}'", cancellationToken);

    /// <summary>Where a <c>source</c> (as a model version records it, or a <c>runs:/</c> URI) keeps its files; <paramref name="what"/> names it in errors.</summary>
    public async Task<string> SourceLocationAsync(string? source, string what, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new MlflowRequestException($"MLflow records no source for {what}, so its files cannot be found.");
        }

        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            var rest = source["runs:/".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var (runId, path) = slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..].Trim('/'));
            var run = (await GetAsync(MlflowJsonContext.Default.RunAnswer, $"{Api}runs/get?run_id={Escape(runId)}", $"the run {runId} of {what}", cancellationToken)).Run?.Info?.ArtifactUri
                ?? throw Incomplete($"the run {runId} of {what}", "run.info.artifact_uri");
            return path.Length == 0 ? run : $"{run.TrimEnd('/')}/{path}";
        }

        if (source.StartsWith(MlflowModelUri.Scheme, StringComparison.Ordinal))
        {
            var id = source[MlflowModelUri.Scheme.Length..];
            if (id.Length == 0 || id.Contains('/', StringComparison.Ordinal) || id.Contains('@', StringComparison.Ordinal))
            {
                throw new MlflowRequestException($"The source of {what} is '{source}', another registry URI; Hotswap follows sources that are artifact locations, runs:/ or logged models (models:/MODEL_ID).");
            }

            return (await GetAsync(MlflowJsonContext.Default.LoggedModelAnswer, $"{Api}logged-models/{Escape(id)}", $"the logged model {id} of {what}", cancellationToken)).Model?.Info?.ArtifactUri
                ?? throw Incomplete($"the logged model {id} of {what}", "model.info.artifact_uri");
        }

        return source;
    }

    /// <summary>
    /// Copies the folder at <paramref name="artifactsUri"/> (<c>mlflow-artifacts:/PATH</c>) into
    /// <paramref name="destination"/> through the tracking server's artifact proxy
    /// (<c>/api/2.0/mlflow-artifacts/artifacts</c>): for a server run with <c>--serve-artifacts</c> whose store this
    /// machine cannot reach. At most <paramref name="maxFiles"/> files and <paramref name="maxBytes"/> bytes.
    /// </summary>
    public async Task DownloadArtifactsAsync(string artifactsUri, string destination, int maxFiles, long maxBytes, CancellationToken cancellationToken)
    {
        const string scheme = "mlflow-artifacts:";
        if (!artifactsUri.StartsWith(scheme, StringComparison.Ordinal))
        {
            throw new MlflowRequestException($"'{artifactsUri}' is not an mlflow-artifacts: location, which is all the artifact proxy serves.");
        }

        // mlflow-artifacts:/PATH or mlflow-artifacts://HOST:PORT/PATH: the path is under the server's artifact root.
        var rest = artifactsUri[scheme.Length..];
        var root = (rest.StartsWith("//", StringComparison.Ordinal) ? rest[(rest.IndexOf('/', 2) is var at and > 0 ? at : rest.Length)..] : rest).Trim('/');
        await DownloadDirectoryAsync(new ArtifactCopy(root, Path.GetFullPath(destination), artifactsUri, maxFiles, maxBytes), "", cancellationToken);
    }

    /// <summary>One folder's copy through the artifact proxy: where from and to, and what is left of its limits.</summary>
    private sealed class ArtifactCopy(string root, string destination, string what, int files, long bytes)
    {
        public string Root { get; } = root;
        public string Destination { get; } = destination;
        public string What { get; } = what;
        public int FilesLeft { get; set; } = files;
        public long BytesLeft { get; set; } = bytes;
    }

    private async Task DownloadDirectoryAsync(ArtifactCopy copy, string relative, CancellationToken cancellationToken)
    {
        var directory = relative.Length == 0 ? copy.Root : $"{copy.Root}/{relative}";
        var listing = await GetAsync(MlflowJsonContext.Default.ArtifactListing, $"{ArtifactsApi}?path={Escape(directory)}", $"the artifacts under {copy.What}", cancellationToken);
        foreach (var file in listing.Files ?? [])
        {
            var name = file.Path ?? "";
            if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
            {
                throw new MlflowRequestException($"MLflow at {http.BaseAddress} listed '{name}' under {copy.What}, which is not a plain file name.");
            }

            var child = relative.Length == 0 ? name : $"{relative}/{name}";
            if (file.IsDir)
            {
                await DownloadDirectoryAsync(copy, child, cancellationToken);
            }
            else if (--copy.FilesLeft < 0)
            {
                throw new MlflowRequestException($"{copy.What} holds too many files to be a model folder.");
            }
            else
            {
                await DownloadFileAsync(copy, child, cancellationToken);
            }
        }
    }

    private async Task DownloadFileAsync(ArtifactCopy copy, string relative, CancellationToken cancellationToken)
    {
        var target = Path.Combine(copy.Destination, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var response = await http.GetAsync($"{ArtifactsApi}/{string.Join('/', $"{copy.Root}/{relative}".Split('/').Select(Escape))}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new MlflowRequestException($"MLflow at {http.BaseAddress} answered {(int)response.StatusCode} for {relative} under {copy.What}.", response.StatusCode);
        }

        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var sink = File.Create(target);
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copy.BytesLeft -= read;
            if (copy.BytesLeft < 0)
            {
                throw new MlflowRequestException($"{copy.What} is larger than a version may be.");
            }

            await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private async Task<T> GetAsync<T>(JsonTypeInfo<T> answer, string relative, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(relative, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MlflowRequestException($"MLflow at {http.BaseAddress} could not be reached for {what}: {(e is TaskCanceledException ? $"no answer within {http.Timeout}" : e.Message)}", inner: e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = await ReadErrorAsync(response, cancellationToken);
                throw new MlflowRequestException(
                    $"MLflow at {http.BaseAddress} answered {(int)response.StatusCode} for {what}{(error?.ErrorCode is { } code ? $": {code}" : "")}{(error?.Message is { } message ? $" ({message})" : "")}.",
                    response.StatusCode,
                    error?.ErrorCode);
            }

            try
            {
                return await response.Content.ReadFromJsonAsync(answer, cancellationToken)
                    ?? throw new JsonException("the body is null");
            }
            catch (JsonException e)
            {
                throw new MlflowRequestException($"MLflow at {http.BaseAddress} answered {what} with JSON Hotswap cannot read: {e.Message}", response.StatusCode, inner: e);
            }
        }
    }

    private static async Task<MlflowError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(MlflowJsonContext.Default.MlflowError, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private MlflowRequestException Incomplete(string what, string field) =>
        new($"MLflow at {http.BaseAddress} answered {what} without {field}.");

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
