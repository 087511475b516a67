namespace Hotswap.Registry.Mlflow;

/// <summary>
/// A model version as MLflow's REST API 2.0 answers it (<c>ModelVersion</c> in MLflow's <c>model_registry.proto</c>):
/// only the fields Hotswap reads. <see cref="Source"/> is where its files are: <c>mlflow-artifacts:/…</c>, <c>s3://…</c>,
/// <c>runs:/RUN_ID/PATH</c>, or in MLflow 3 <c>models:/MODEL_ID</c> (a logged model).
/// </summary>
public sealed record MlflowModelVersion(
    string Name,
    string Version,
    string? Source,
    string? RunId,
    string? Status,
    string? StatusMessage,
    string? CurrentStage,
    IReadOnlyList<string>? Aliases,
    long? CreationTimestamp,
    long? LastUpdatedTimestamp,
    string? RunLink,
    string? ModelId)
{
    /// <summary>MLflow's <c>ModelVersionStatus</c> of a version whose files are registered and usable.</summary>
    public const string Ready = "READY";

    public bool IsReady => Status == Ready;
}

/// <summary>An alias of a registered model and the version it points at (<c>RegisteredModelAlias</c>).</summary>
public sealed record MlflowAlias(string Alias, string Version);

/// <summary>A registered model (<c>RegisteredModel</c>): its aliases, and its latest version per stage.</summary>
public sealed record MlflowRegisteredModel(string Name, IReadOnlyList<MlflowAlias>? Aliases, IReadOnlyList<MlflowModelVersion>? LatestVersions);

/// <summary>MLflow's error body: <c>{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "…"}</c>.</summary>
public sealed record MlflowError(string? ErrorCode, string? Message);

/// <summary>The wrappers MLflow's endpoints answer with (<see cref="MlflowJsonContext"/> reads them).</summary>
internal static class MlflowRegistryJson
{
    public sealed record ModelVersionAnswer(MlflowModelVersion? ModelVersion);

    public sealed record RegisteredModelAnswer(MlflowRegisteredModel? RegisteredModel);

    public sealed record RunAnswer(RunBody? Run);

    public sealed record RunBody(RunInfo? Info);

    public sealed record RunInfo(string? RunId, string? ArtifactUri);

    public sealed record LoggedModelAnswer(LoggedModelBody? Model);

    public sealed record LoggedModelBody(LoggedModelInfo? Info);

    public sealed record LoggedModelInfo(string? ModelId, string? ArtifactUri);

    public sealed record ArtifactListing(IReadOnlyList<ArtifactFile>? Files);

    public sealed record ArtifactFile(string? Path, bool IsDir, long? FileSize);
}
