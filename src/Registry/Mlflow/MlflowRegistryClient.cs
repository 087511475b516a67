using System.Net.Http.Json;
using System.Text.Json;

namespace Hotswap.Registry.Mlflow;

/// <summary>
/// Reads MLflow's model registry over its REST API 2.0 with <paramref name="http"/>, whose base address is the tracking
/// server (<c>MLflow:TrackingUri</c>) and whose handlers add its credentials. Only reads: Hotswap never changes MLflow.
/// </summary>
public sealed class MlflowRegistryClient(HttpClient http)
{
    private const string Api = "api/2.0/mlflow/";

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
        (await GetAsync<MlflowRegistryJson.ModelVersionAnswer>($"registered-models/alias?name={Escape(name)}&alias={Escape(alias)}", $"the alias @{alias} of '{name}'", cancellationToken)).ModelVersion
        ?? throw Incomplete($"the alias @{alias} of '{name}'", "model_version");

    public async Task<MlflowModelVersion> GetVersionAsync(string name, string version, CancellationToken cancellationToken) =>
        (await GetAsync<MlflowRegistryJson.ModelVersionAnswer>($"model-versions/get?name={Escape(name)}&version={Escape(version)}", $"version {version} of '{name}'", cancellationToken)).ModelVersion
        ?? throw Incomplete($"version {version} of '{name}'", "model_version");

    /// <summary>A registered model with every alias at once, and its latest version per stage.</summary>
    public async Task<MlflowRegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        (await GetAsync<MlflowRegistryJson.RegisteredModelAnswer>($"registered-models/get?name={Escape(name)}", $"the registered model '{name}'", cancellationToken)).RegisteredModel
        ?? throw Incomplete($"the registered model '{name}'", "registered_model");

    /// <summary>
    /// Where <paramref name="version"/>'s files are, as a location the store resolves: its <c>source</c>, with
    /// <c>runs:/RUN_ID/PATH</c> resolved through the run's artifact URI and MLflow 3's <c>models:/MODEL_ID</c> through the
    /// logged model's.
    /// </summary>
    public async Task<string> ArtifactLocationAsync(MlflowModelVersion version, CancellationToken cancellationToken)
    {
        var source = version.Source;
        var what = $"version {version.Version} of '{version.Name}'";
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new MlflowRequestException($"MLflow records no source for {what}, so its files cannot be found.");
        }

        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            var rest = source["runs:/".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var (runId, path) = slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..].Trim('/'));
            var run = (await GetAsync<MlflowRegistryJson.RunAnswer>($"runs/get?run_id={Escape(runId)}", $"the run {runId} of {what}", cancellationToken)).Run?.Info?.ArtifactUri
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

            return (await GetAsync<MlflowRegistryJson.LoggedModelAnswer>($"logged-models/{Escape(id)}", $"the logged model {id} of {what}", cancellationToken)).Model?.Info?.ArtifactUri
                ?? throw Incomplete($"the logged model {id} of {what}", "model.info.artifact_uri");
        }

        return source;
    }

    private async Task<T> GetAsync<T>(string relative, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(Api + relative, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
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
                return await response.Content.ReadFromJsonAsync<T>(MlflowRegistryJson.Options, cancellationToken)
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
            return await response.Content.ReadFromJsonAsync<MlflowError>(MlflowRegistryJson.Options, cancellationToken);
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
