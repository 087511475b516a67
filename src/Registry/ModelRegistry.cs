using Hotswap.Contracts.Models;
using Hotswap.Registry.Audit;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Versions;

namespace Hotswap.Registry;

/// <summary>
/// The model registry: MLflow-format versions under <c>PREFIX/&lt;model&gt;/&lt;version&gt;/</c> and the fleet's desired
/// state in <c>PREFIX/model_list.json</c>. Versions are immutable once their MLmodel file (written last) exists.
/// Pin, unpin and rollback change the desired state, so every host converges on them, restarted ones too. Pin and
/// rollback take the model to an explicit version, so they end any rollout under way.
/// </summary>
public sealed partial class ModelRegistry
{
    private readonly VersionLocations _locations;
    private readonly IObjectStore _store;
    private readonly TimeProvider _time;
    private readonly bool _requireChecksum;
    private readonly long _maxVersionBytes;

    public ModelRegistry(IObjectStore store, StoreLocation location, TimeProvider time)
        : this(new VersionLocations(location, store), time, requireChecksum: false)
    {
    }

    /// <param name="requireChecksum">True to refuse downloading versions that only a size vouches for.</param>
    /// <param name="maxVersionBytes">The largest ONNX file downloaded (<see cref="ModelStoreOptions.MaxVersionBytes"/>).</param>
    public ModelRegistry(VersionLocations locations, TimeProvider time, bool requireChecksum, long maxVersionBytes = ModelStoreOptions.DefaultMaxVersionBytes)
    {
        _locations = locations;
        _store = locations.HomeStore;
        _time = time;
        _requireChecksum = requireChecksum;
        _maxVersionBytes = maxVersionBytes;
        Location = locations.Home;
        DesiredState = new DesiredStateStore(_store, Location.Prefix + "model_list.json");
        Audit = new AuditTrail(_store, Location.Prefix);
    }

    public StoreLocation Location { get; }

    public DesiredStateStore DesiredState { get; }

    /// <summary>Every change to the desired state, beside it in the store.</summary>
    public AuditTrail Audit { get; }

    /// <summary>The service every desired-state change goes through; promotions are held to <paramref name="policy"/> (none: no bake time, no approval).</summary>
    public DesiredStateCommands Commands(RolloutPolicy? policy = null) => new(this, policy ?? new RolloutPolicy(), _time);

    public static ModelRegistry Create(ModelStoreOptions options, TimeProvider time, MlflowOptions? mlflow = null) =>
        new(VersionLocations.Create(options, mlflow ?? new MlflowOptions()), time, options.RequireChecksum, options.MaxVersionBytes);

    /// <summary>Models with at least one published version, and models named in the desired state.</summary>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var entry in _store.ListAsync(Location.Prefix, cancellationToken))
        {
            var parts = entry.Key[Location.Prefix.Length..].Split('/');
            if (parts.Length == 3 && parts[2] == MlModel.FileName)
            {
                names.Add(parts[0]);
            }
        }

        names.UnionWith((await DesiredState.ReadAsync(cancellationToken)).Document.Models.Keys);
        return [.. names];
    }

    /// <summary>
    /// An entry pointing at <paramref name="version"/> the way a pin would write it, without changing the desired state:
    /// how a host loads a version the desired state does not name. Null when the version is not in the store.
    /// </summary>
    public async Task<ModelEntry?> GetEntryAsync(string model, string version, CancellationToken cancellationToken) =>
        await GetVersionAsync(model, version, cancellationToken) is { } info ? Point(new ModelEntry(), info, _time.GetUtcNow()) : null;

    /// <summary>
    /// Writes a new immutable version (ONNX file, input example, then MLmodel, each created only if absent) and advances
    /// the desired state to it unless the model is pinned or follows MLflow's registry. A publish without a version that loses the race for a number
    /// to another publisher takes the next number.
    /// </summary>
    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(request.Model);
        if (!Naming.IsValidModel(request.OnnxFileName) || request.OnnxFileName is MlModel.FileName or MlModel.InputExampleFileName)
        {
            throw new ArgumentException($"'{request.OnnxFileName}' is not a valid ONNX file name for {request.Model}: use a plain file name such as model.onnx, other than {MlModel.FileName} and {MlModel.InputExampleFileName}.");
        }

        var info = await WriteNewVersionAsync(request, cancellationToken);
        var now = info.CreatedAt ?? _time.GetUtcNow();
        string? heldBy = null;
        string? follows = null;
        await DesiredState.UpdateAsync(
            document =>
            {
                var entry = document.Find(request.Model);
                if (entry is { Pinned: true } or { Follow: not null })
                {
                    (heldBy, follows) = (entry.Version, entry.Pinned ? null : entry.Follow);
                    return document;
                }

                (heldBy, follows) = (null, null);
                return document.With(request.Model, Point(entry ?? new ModelEntry(), info, now) with
                {
                    Pinned = false,
                    UpdatedBy = request.PublishedBy,
                    UpdatedAt = now,
                    Reason = request.Reason ?? $"published version {info.Version}",
                });
            },
            cancellationToken);
        return new PublishResult(info, heldBy is null, heldBy, follows);
    }

    /// <summary>Holds the whole fleet on <paramref name="version"/>: later publishes do not advance it. No rollout policy applies (tools and tests).</summary>
    public Task<ModelEntry> PinAsync(string model, string version, string by, string? reason, CancellationToken cancellationToken) =>
        PinAsync(model, version, by, reason, null, cancellationToken);

    /// <summary>
    /// Holds the whole fleet on <paramref name="version"/>. Pinning the version on trial promotes it, so with a
    /// <paramref name="promotionPolicy"/> it is refused until that policy (bake time, approval) allows the promotion.
    /// </summary>
    public async Task<ModelEntry> PinAsync(string model, string version, string by, string? reason, RolloutPolicy? promotionPolicy, CancellationToken cancellationToken)
    {
        var info = await GetVersionAsync(model, version, cancellationToken)
            ?? throw new VersionNotFoundException($"{model} has no version {version} in {Location}.");
        return await ChangeEntryAsync(model, by, reason ?? $"pinned to version {version}", entry =>
        {
            var now = _time.GetUtcNow();
            if (promotionPolicy is not null && entry.Candidate is { } candidate && candidate.Version == version)
            {
                EnsurePromotable(model, candidate, promotionPolicy, now);
            }

            return Point(entry, info, now) with { Pinned = true, Candidate = null };
        }, cancellationToken);
    }

    /// <summary>
    /// Releases a pin: the model follows its newest version again, or for an entry that follows MLflow's registry, that
    /// registry again (the control plane moves it at its next resolution).
    /// </summary>
    public async Task<ModelEntry> UnpinAsync(string model, string by, string? reason, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        if ((await DesiredState.ReadAsync(cancellationToken)).Document.Find(model)?.Follow is { } follow)
        {
            return await ChangeEntryAsync(model, by, reason ?? $"unpinned; following {follow} again", entry => entry with { Pinned = false }, cancellationToken);
        }

        var latest = (await ListVersionsAsync(model, cancellationToken)).FirstOrDefault(v => v.Error is null)
            ?? throw new VersionNotFoundException($"{model} has no published version in {Location}.");
        return await ChangeEntryAsync(model, by, reason ?? $"unpinned; following the newest version {latest.Version}", entry => Point(entry, latest, _time.GetUtcNow()) with { Pinned = false }, cancellationToken);
    }

    /// <summary>Goes back to the version served before the current one, and pins it there.</summary>
    public async Task<ModelEntry> RollbackAsync(string model, string by, string? reason, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        var current = (await DesiredState.ReadAsync(cancellationToken)).Document.Find(model)
            ?? throw new VersionNotFoundException($"{model} is not in the desired state of {Location}.");
        var previous = current.History.LastOrDefault(v => v != current.Version)
            ?? throw new CommandRefusedException($"{model} has no earlier version to roll back to from version {current.Version}.");
        var info = await GetVersionAsync(model, previous, cancellationToken)
            ?? throw new VersionNotFoundException($"{model} version {previous}, the rollback target, is no longer in {Location}.");
        return await ChangeEntryAsync(model, by, reason ?? $"rolled back from version {current.Version} to {previous}", entry => RolledBackTo(entry, info), cancellationToken);
    }

    private ModelEntry RolledBackTo(ModelEntry entry, ModelVersionInfo previous) => Point(entry, previous, _time.GetUtcNow()) with
    {
        Pinned = true,
        Candidate = null,
        // The version rolled back to leaves the history, so the next rollback goes further back. The history may have
        // changed since it was read (another writer), hence the guard.
        History = entry.History.LastIndexOf(previous.Version) is var at and >= 0 ? entry.History.RemoveAt(at) : entry.History,
    };

    private async Task<ModelEntry> ChangeEntryAsync(string model, string by, string? reason, Func<ModelEntry, ModelEntry> change, CancellationToken cancellationToken) =>
        (await TryChangeEntryAsync(model, by, reason, change, cancellationToken))!;

    /// <summary>
    /// Changes one model's entry and records who changed it, when and why (a null <paramref name="reason"/> keeps the one
    /// <paramref name="change"/> wrote). A change that returns null declines: nothing is written and the result is null.
    /// </summary>
    private async Task<ModelEntry?> TryChangeEntryAsync(string model, string by, string? reason, Func<ModelEntry, ModelEntry?> change, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        ModelEntry? result = null;
        await DesiredState.UpdateAsync(
            document =>
            {
                result = change(document.Find(model) ?? new ModelEntry()) is { } changed
                    ? changed with { UpdatedBy = by, UpdatedAt = _time.GetUtcNow(), Reason = reason ?? changed.Reason }
                    : null;
                return result is null ? document : document.With(model, result);
            },
            cancellationToken);
        return result;
    }

    private ModelEntry Point(ModelEntry entry, ModelVersionInfo version, DateTimeOffset at) =>
        entry.MovedTo(version.Version, version.Location, $"models:/{version.Model}/{version.Version}", version.Sha256, at);

    /// <summary>The number after the newest numeric version: what a publish without a version takes.</summary>
    public async Task<string> NextVersionAsync(string model, CancellationToken cancellationToken)
    {
        var numbers = (await ListVersionsAsync(model, cancellationToken)).Select(v => long.TryParse(v.Version, out var n) ? n : 0);
        return (numbers.DefaultIfEmpty(0).Max() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private StoredFolder FolderOf(string model, string version)
    {
        var key = $"{Location.Prefix}{model}/{version}";
        return new StoredFolder(_store, key, Location.UriOf(key));
    }
}

public sealed class VersionNotFoundException(string message) : Exception(message);
