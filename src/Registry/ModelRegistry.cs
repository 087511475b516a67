using System.Security.Cryptography;
using System.Text;
using Hotswap.Contracts.Models;
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
    private readonly IObjectStore _store;
    private readonly TimeProvider _time;

    public ModelRegistry(IObjectStore store, StoreLocation location, TimeProvider time)
    {
        _store = store;
        _time = time;
        Location = location;
        DesiredState = new DesiredStateStore(store, location.Prefix + "model_list.json");
    }

    public StoreLocation Location { get; }

    public DesiredStateStore DesiredState { get; }

    public static ModelRegistry Create(ModelStoreOptions options, TimeProvider time)
    {
        var location = StoreLocation.Parse(options.Uri);
        IObjectStore store = location.IsS3
            ? S3ObjectStore.Create(options, location.Bucket)
            : new FileSystemObjectStore(location.RootDirectory);
        return new ModelRegistry(store, location, time);
    }

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

    /// <summary>Every published version of a model, newest first.</summary>
    public async Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string model, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        var folder = $"{Location.Prefix}{model}/";
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var versions = new List<string>();
        await foreach (var entry in _store.ListAsync(folder, cancellationToken))
        {
            sizes[entry.Key] = entry.Size;
            var parts = entry.Key[folder.Length..].Split('/');
            if (parts.Length == 2 && parts[1] == MlModel.FileName)
            {
                versions.Add(parts[0]);
            }
        }

        var infos = await Task.WhenAll(versions.Select(v => ReadVersionAsync(model, v, $"{folder}{v}", cancellationToken)));
        return [.. infos.OfType<ModelVersionInfo>().OrderByDescending(v => v.Version, Comparer<string>.Create(Naming.CompareVersions))];
    }

    public Task<ModelVersionInfo?> GetVersionAsync(string model, string version, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        Naming.EnsureValidVersion(model, version);
        return ReadVersionAsync(model, version, FolderOf(model, version), cancellationToken);
    }

    /// <summary>The version a desired-state entry points at, honouring its <c>path</c> when it has one.</summary>
    public Task<ModelVersionInfo?> GetVersionAsync(string model, ModelEntry entry, CancellationToken cancellationToken)
    {
        var folder = entry.Path.Length > 0 ? Location.KeyOf(entry.Path) : FolderOf(model, entry.Version);
        return ReadVersionAsync(model, entry.Version, folder, cancellationToken);
    }

    /// <summary>
    /// An entry pointing at <paramref name="version"/> the way a pin would write it, without changing the desired state:
    /// how a host loads a version the desired state does not name. Null when the version is not in the store.
    /// </summary>
    public async Task<ModelEntry?> GetEntryAsync(string model, string version, CancellationToken cancellationToken) =>
        await GetVersionAsync(model, version, cancellationToken) is { } info ? Point(new ModelEntry(), info, _time.GetUtcNow()) : null;

    public async Task<string?> ReadInputExampleAsync(ModelVersionInfo version, CancellationToken cancellationToken)
    {
        if (!version.HasInputExample)
        {
            return null;
        }

        var read = await _store.ReadAsync($"{FolderOf(version)}/{MlModel.InputExampleFileName}", null, cancellationToken);
        return read.Status == ObjectReadStatus.Found ? Encoding.UTF8.GetString(read.Content) : null;
    }

    /// <summary>
    /// Downloads a version's ONNX file to <paramref name="destinationPath"/> and checks its SHA-256 against the one the
    /// version records. A mismatch throws <see cref="ChecksumMismatchException"/> and leaves no file behind.
    /// </summary>
    public async Task DownloadOnnxAsync(ModelVersionInfo version, string destinationPath, CancellationToken cancellationToken)
    {
        var partial = destinationPath + ".partial";
        try
        {
            string actual;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                await _store.DownloadAsync($"{FolderOf(version)}/{version.OnnxFile}", file, cancellationToken);
                file.Position = 0;
                actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            }

            if (!string.Equals(actual, version.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ChecksumMismatchException(version.Model, version.Version, version.Sha256, actual);
            }

            File.Move(partial, destinationPath, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Writes a new immutable version (ONNX file, input example, then MLmodel) and advances the desired state to it
    /// unless the model is pinned.
    /// </summary>
    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(request.Model);
        if (!Naming.IsValidModel(request.OnnxFileName) || request.OnnxFileName is MlModel.FileName or MlModel.InputExampleFileName)
        {
            throw new ArgumentException($"'{request.OnnxFileName}' is not a valid ONNX file name for {request.Model}: use a plain file name such as model.onnx, other than {MlModel.FileName} and {MlModel.InputExampleFileName}.");
        }

        var version = request.Version ?? await NextVersionAsync(request.Model, cancellationToken);
        Naming.EnsureValidVersion(request.Model, version);
        if (await GetVersionAsync(request.Model, version, cancellationToken) is not null)
        {
            throw new InvalidOperationException($"{request.Model} version {version} already exists in {Location}; versions are immutable.");
        }

        var folder = FolderOf(request.Model, version);
        string sha256;
        long size;
        await using (var onnx = File.OpenRead(request.OnnxFilePath))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(onnx, cancellationToken));
            size = onnx.Length;
            onnx.Position = 0;
            await _store.WriteAsync($"{folder}/{request.OnnxFileName}", onnx, new WriteOptions { Progress = request.UploadProgress }, cancellationToken);
        }

        if (request.InputExampleJson is not null)
        {
            await WriteTextAsync($"{folder}/{MlModel.InputExampleFileName}", request.InputExampleJson, WriteOptions.Default, cancellationToken);
        }

        var now = _time.GetUtcNow();
        var mlModel = new MlModel
        {
            OnnxFile = request.OnnxFileName,
            Signature = request.Signature,
            Sha256 = sha256,
            SizeBytes = size,
            RunId = request.RunId,
            ModelUuid = Guid.NewGuid().ToString("N"),
            CreatedAt = now,
            Source = request.Source,
            InputExampleFile = request.InputExampleJson is null ? null : MlModel.InputExampleFileName,
            Metrics = request.Metrics,
        };
        await WriteTextAsync($"{folder}/{MlModel.FileName}", mlModel.ToYaml(), new WriteOptions { IfNoneExist = true }, cancellationToken);
        var info = ToInfo(request.Model, version, Location.UriOf(folder), mlModel, size);

        string? heldBy = null;
        await DesiredState.UpdateAsync(
            document =>
            {
                var entry = document.Find(request.Model);
                if (entry is { Pinned: true })
                {
                    heldBy = entry.Version;
                    return document;
                }

                heldBy = null;
                return document.With(request.Model, Point(entry ?? new ModelEntry(), info, now) with
                {
                    Pinned = false,
                    UpdatedBy = request.PublishedBy,
                    UpdatedAt = now,
                    Reason = request.Reason ?? $"published version {version}",
                });
            },
            cancellationToken);
        return new PublishResult(info, heldBy is null, heldBy);
    }

    /// <summary>Holds the whole fleet on <paramref name="version"/>: later publishes do not advance it.</summary>
    public async Task<ModelEntry> PinAsync(string model, string version, string by, string? reason, CancellationToken cancellationToken)
    {
        var info = await GetVersionAsync(model, version, cancellationToken)
            ?? throw new VersionNotFoundException($"{model} has no version {version} in {Location}.");
        return await ChangeEntryAsync(model, by, reason ?? $"pinned to version {version}", entry => Point(entry, info, _time.GetUtcNow()) with { Pinned = true, Candidate = null }, cancellationToken);
    }

    /// <summary>Releases a pin: the model follows its newest version again.</summary>
    public async Task<ModelEntry> UnpinAsync(string model, string by, string? reason, CancellationToken cancellationToken)
    {
        var latest = (await ListVersionsAsync(model, cancellationToken)).FirstOrDefault()
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
            ?? throw new InvalidOperationException($"{model} has no earlier version to roll back to from version {current.Version}.");
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
        entry.MovedTo(version.Version, Location.UriOf(FolderOf(version)), $"models:/{version.Model}/{version.Version}", version.Sha256, at);

    /// <summary>The number after the newest numeric version: what a publish without a version takes.</summary>
    public async Task<string> NextVersionAsync(string model, CancellationToken cancellationToken)
    {
        var numbers = (await ListVersionsAsync(model, cancellationToken)).Select(v => long.TryParse(v.Version, out var n) ? n : 0);
        return (numbers.DefaultIfEmpty(0).Max() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<ModelVersionInfo?> ReadVersionAsync(string model, string version, string folder, CancellationToken cancellationToken)
    {
        var read = await _store.ReadAsync($"{folder}/{MlModel.FileName}", null, cancellationToken);
        if (read.Status != ObjectReadStatus.Found)
        {
            return null;
        }

        var mlModel = MlModel.Parse(Encoding.UTF8.GetString(read.Content), $"{model} version {version}");
        if (mlModel.Sha256 is null)
        {
            throw new InvalidDataException($"{model} version {version}: its MLmodel records no SHA-256 (metadata.sha256); import it with the publisher to add one.");
        }

        return ToInfo(model, version, Location.UriOf(folder), mlModel, mlModel.SizeBytes ?? 0);
    }

    private static ModelVersionInfo ToInfo(string model, string version, string location, MlModel mlModel, long size) => new()
    {
        Model = model,
        Version = version,
        Location = location,
        OnnxFile = mlModel.OnnxFile,
        Sha256 = mlModel.Sha256!,
        SizeBytes = size,
        CreatedAt = mlModel.CreatedAt,
        RunId = mlModel.RunId,
        Source = mlModel.Source,
        Signature = mlModel.Signature,
        Metrics = mlModel.Metrics,
        HasInputExample = mlModel.InputExampleFile is not null,
    };

    private string FolderOf(string model, string version) => $"{Location.Prefix}{model}/{version}";

    private string FolderOf(ModelVersionInfo version) => Location.KeyOf(version.Location);

    private async Task WriteTextAsync(string key, string text, WriteOptions options, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await _store.WriteAsync(key, content, options, cancellationToken);
    }
}

public sealed class VersionNotFoundException(string message) : Exception(message);
