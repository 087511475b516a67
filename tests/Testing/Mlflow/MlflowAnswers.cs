using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hotswap.Testing.Mlflow;

/// <summary>The stand-in's endpoints and MLflow's JSON for them (snake_case fields, 64-bit timestamps as numbers).</summary>
internal static class MlflowAnswers
{
    private const string NotFound = "RESOURCE_DOES_NOT_EXIST";

    public static void Map(IEndpointRouteBuilder app, MlflowRegistryState registry, string artifactsRoot)
    {
        var api = app.MapGroup("/api/2.0/mlflow");
        api.MapGet("/registered-models/get", (HttpContext context, string name) =>
            registry.FindModel(name) is { } model
                ? JsonAsync(context, new JsonObject { ["registered_model"] = RegisteredModel(name, model) })
                : ErrorAsync(context, 404, NotFound, $"Registered Model with name={name} not found"));
        api.MapGet("/registered-models/alias", (HttpContext context, string name, string alias) =>
            registry.FindModel(name) is { } model && model.Aliases.TryGetValue(alias, out var version)
                ? JsonAsync(context, new JsonObject { ["model_version"] = ModelVersion(model.Versions.Single(v => v.Version == version), model.Aliases) })
                : ErrorAsync(context, 404, NotFound, $"Registered model alias {alias} not found."));
        api.MapGet("/model-versions/get", (HttpContext context, string name, string version) =>
            registry.FindModel(name) is { } model && model.Versions.SingleOrDefault(v => v.Version == version) is { } found
                ? JsonAsync(context, new JsonObject { ["model_version"] = ModelVersion(found, model.Aliases) })
                : ErrorAsync(context, 404, NotFound, $"Model Version (name={name}, version={version}) not found"));
        api.MapGet("/runs/get", (HttpContext context, string run_id) =>
            registry.FindRun(run_id) is { } artifactUri
                ? JsonAsync(context, Run(run_id, artifactUri))
                : ErrorAsync(context, 404, NotFound, $"Run with id={run_id} not found"));
        api.MapGet("/logged-models/{modelId}", (HttpContext context, string modelId) =>
            registry.FindLoggedModel(modelId) is { } artifactUri
                ? JsonAsync(context, LoggedModel(modelId, artifactUri))
                : ErrorAsync(context, 404, NotFound, $"Logged model with ID '{modelId}' not found."));

        var artifacts = app.MapGroup("/api/2.0/mlflow-artifacts/artifacts");
        artifacts.MapGet("/", (HttpContext context, string? path) => ListAsync(context, artifactsRoot, path ?? ""));
        artifacts.MapGet("/{**path}", (HttpContext context, string path) => DownloadAsync(context, artifactsRoot, path));
    }

    public static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return JsonAsync(context, new JsonObject { ["error_code"] = code, ["message"] = message });
    }

    private static Task JsonAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static JsonObject RegisteredModel(string name, (long CreatedAt, long UpdatedAt, IReadOnlyList<MlflowRegistryState.VersionRecord> Versions, IReadOnlyDictionary<string, string> Aliases) model)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["creation_timestamp"] = model.CreatedAt,
            ["last_updated_timestamp"] = model.UpdatedAt,
            ["description"] = "",
        };
        // MLflow lists the latest version of each stage; versions registered without stages are all in stage "None".
        if (model.Versions.Count > 0)
        {
            body["latest_versions"] = new JsonArray(ModelVersion(model.Versions[^1], model.Aliases));
        }

        if (model.Aliases.Count > 0)
        {
            body["aliases"] = new JsonArray([.. model.Aliases.Select(a => (JsonNode)new JsonObject { ["alias"] = a.Key, ["version"] = a.Value })]);
        }

        return body;
    }

    private static JsonObject ModelVersion(MlflowRegistryState.VersionRecord version, IReadOnlyDictionary<string, string> aliases)
    {
        var body = new JsonObject
        {
            ["name"] = version.Name,
            ["version"] = version.Version,
            ["creation_timestamp"] = version.CreatedAt,
            ["last_updated_timestamp"] = version.UpdatedAt,
            ["user_id"] = "",
            ["current_stage"] = "None",
            ["description"] = "",
            ["source"] = version.Source,
            ["status"] = version.Status,
            ["run_link"] = "",
        };
        if (version.RunId is not null)
        {
            body["run_id"] = version.RunId;
        }

        if (version.ModelId is not null)
        {
            body["model_id"] = version.ModelId;
        }

        var pointing = aliases.Where(a => a.Value == version.Version).Select(a => (JsonNode)JsonValue.Create(a.Key)!).ToArray();
        if (pointing.Length > 0)
        {
            body["aliases"] = new JsonArray(pointing);
        }

        return body;
    }

    private static JsonObject Run(string runId, string artifactUri) => new()
    {
        ["run"] = new JsonObject
        {
            ["info"] = new JsonObject
            {
                ["run_id"] = runId,
                ["run_uuid"] = runId,
                ["experiment_id"] = "1",
                ["run_name"] = "stand-in-run",
                ["user_id"] = "",
                ["status"] = "FINISHED",
                ["start_time"] = 1_764_676_800_000,
                ["end_time"] = 1_764_676_860_000,
                ["artifact_uri"] = artifactUri,
                ["lifecycle_stage"] = "active",
            },
            ["data"] = new JsonObject(),
            ["inputs"] = new JsonObject(),
        },
    };

    private static JsonObject LoggedModel(string modelId, string artifactUri) => new()
    {
        ["model"] = new JsonObject
        {
            ["info"] = new JsonObject
            {
                ["model_id"] = modelId,
                ["experiment_id"] = "1",
                ["name"] = "model",
                ["artifact_uri"] = artifactUri,
                ["status"] = "LOGGED_MODEL_READY",
                ["creation_timestamp_ms"] = 1_764_676_800_000,
                ["last_updated_timestamp_ms"] = 1_764_676_800_000,
                ["lifecycle_stage"] = "active",
            },
            ["data"] = new JsonObject(),
        },
    };

    // The artifact proxy's list (GET /api/2.0/mlflow-artifacts/artifacts?path=): the entries directly under the path, each
    // by its base name, as MLflow's _list_artifacts_mlflow_artifacts answers.
    private static Task ListAsync(HttpContext context, string root, string path)
    {
        var directory = Inside(root, path);
        if (directory is null || !Directory.Exists(directory))
        {
            return JsonAsync(context, new JsonObject());
        }

        var files = Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).Select(entry =>
        {
            var node = new JsonObject { ["path"] = Path.GetFileName(entry), ["is_dir"] = Directory.Exists(entry) };
            if (File.Exists(entry))
            {
                node["file_size"] = new FileInfo(entry).Length;
            }

            return (JsonNode)node;
        });
        return JsonAsync(context, new JsonObject { ["files"] = new JsonArray([.. files]) });
    }

    private static async Task DownloadAsync(HttpContext context, string root, string path)
    {
        var file = Inside(root, path);
        if (file is null || !File.Exists(file))
        {
            await ErrorAsync(context, 404, NotFound, $"File {path} not found");
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        await context.Response.SendFileAsync(file);
    }

    private static string? Inside(string root, string path)
    {
        var full = Path.GetFullPath(Path.Combine(root, path));
        return full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal) ? full : null;
    }
}
