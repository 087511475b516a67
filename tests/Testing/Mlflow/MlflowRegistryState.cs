namespace Hotswap.Testing.Mlflow;

/// <summary>
/// What the stand-in's registry holds, changed by tests as an MLflow user would: register a version (READY, or
/// PENDING_REGISTRATION until <see cref="SetStatus"/>), move or delete an alias, record runs and logged models.
/// </summary>
public sealed class MlflowRegistryState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RegisteredModelRecord> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _loggedModels = new(StringComparer.Ordinal);
    private long _clock = 1_764_676_800_000;

    public sealed record VersionRecord(string Name, string Version, string Source, string? RunId, string Status, string? ModelId, long CreatedAt, long UpdatedAt);

    private sealed class RegisteredModelRecord(string name, long createdAt)
    {
        public string Name { get; } = name;
        public long CreatedAt { get; } = createdAt;
        public long UpdatedAt { get; set; } = createdAt;
        public List<VersionRecord> Versions { get; } = [];
        public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Registers the next version of <paramref name="name"/> (creating the registered model if new).</summary>
    public VersionRecord CreateVersion(string name, string source, string? runId = null, string status = "READY", string? modelId = null)
    {
        lock (_gate)
        {
            var now = Tick();
            if (!_models.TryGetValue(name, out var model))
            {
                _models[name] = model = new RegisteredModelRecord(name, now);
            }

            var version = new VersionRecord(name, (model.Versions.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), source, runId, status, modelId, now, now);
            model.Versions.Add(version);
            model.UpdatedAt = now;
            return version;
        }
    }

    public void SetStatus(string name, string version, string status) => Change(name, model =>
    {
        var index = model.Versions.FindIndex(v => v.Version == version);
        model.Versions[index] = model.Versions[index] with { Status = status, UpdatedAt = Tick() };
    });

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/>, as moving it in MLflow's UI does.</summary>
    public void SetAlias(string name, string alias, string version) => Change(name, model => model.Aliases[alias] = version);

    public void DeleteAlias(string name, string alias) => Change(name, model => model.Aliases.Remove(alias));

    public void AddRun(string runId, string artifactUri)
    {
        lock (_gate)
        {
            _runs[runId] = artifactUri;
        }
    }

    public void AddLoggedModel(string modelId, string artifactUri)
    {
        lock (_gate)
        {
            _loggedModels[modelId] = artifactUri;
        }
    }

    internal (long CreatedAt, long UpdatedAt, IReadOnlyList<VersionRecord> Versions, IReadOnlyDictionary<string, string> Aliases)? FindModel(string name)
    {
        lock (_gate)
        {
            return _models.TryGetValue(name, out var model)
                ? (model.CreatedAt, model.UpdatedAt, [.. model.Versions], new Dictionary<string, string>(model.Aliases, StringComparer.Ordinal))
                : null;
        }
    }

    internal string? FindRun(string runId)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(runId);
        }
    }

    internal string? FindLoggedModel(string modelId)
    {
        lock (_gate)
        {
            return _loggedModels.GetValueOrDefault(modelId);
        }
    }

    private void Change(string name, Action<RegisteredModelRecord> change)
    {
        lock (_gate)
        {
            var model = _models[name];
            change(model);
            model.UpdatedAt = Tick();
        }
    }

    // Milliseconds since the epoch, as MLflow's timestamps are; moves forward on each change.
    private long Tick() => _clock += 1000;
}
