using System.Collections.Immutable;
using System.Text;
using Hotswap.Contracts.Models;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Versions;

namespace Hotswap.Registry;

/// <summary>
/// Reading versions: from the store's own folders, or wherever model_list.json's <c>path</c> points (another allowed
/// bucket, MLflow's artifacts), each verified by the first thing that vouches for its ONNX file.
/// </summary>
public sealed partial class ModelRegistry
{
    /// <summary>
    /// Every version of a model, newest first: those in the store's folder, and the one the desired state names
    /// wherever its path points. A version whose MLmodel cannot be read is listed with its <see cref="ModelVersionInfo.Error"/>.
    /// </summary>
    public async Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string model, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        var folder = $"{Location.Prefix}{model}/";
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var entry in _store.ListAsync(folder, cancellationToken))
        {
            var parts = entry.Key[folder.Length..].Split('/');
            if (parts.Length == 2 && parts[1] == MlModel.FileName)
            {
                versions.Add(parts[0]);
            }
        }

        var desired = await ListedEntryAsync(model, cancellationToken);
        var sources = desired?.Sources ?? ImmutableSortedDictionary<string, string>.Empty;
        if (desired is not null)
        {
            versions.Add(desired.Version);
            versions.UnionWith(sources.Keys);
        }

        var infos = await Task.WhenAll(versions.Select(v => v == desired?.Version
            ? ReadListedAsync(model, v, desired.Path, () => FolderOf(model, desired), desired.Sha256, cancellationToken)
            : sources.TryGetValue(v, out var source)
                ? ReadListedAsync(model, v, source, () => _locations.Resolve(source), null, cancellationToken)
                : ReadListedAsync(model, v, "", () => FolderOf(model, v), null, cancellationToken)));
        return [.. infos.OfType<ModelVersionInfo>().OrderByDescending(v => v.Version, Comparer<string>.Create(Naming.CompareVersions))];
    }

    /// <summary>
    /// The desired state's entry for <paramref name="model"/>, which may name a version outside the store's folder; none
    /// when model_list.json cannot be read. The versions in the folder are still listed then: they are what an operator
    /// needs to write a good manifest, and whoever reads the desired state itself reports what is wrong with it.
    /// </summary>
    private async Task<ModelEntry?> ListedEntryAsync(string model, CancellationToken cancellationToken)
    {
        try
        {
            return (await DesiredState.ReadAsync(cancellationToken)).Document.Find(model);
        }
        catch (DesiredStateFormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// A version the desired state's entry followed in MLflow's registry (its <c>sources</c>), one in the store's folder,
    /// or failing those, where the entry or its candidate for that version points (a version that lives in MLflow's
    /// artifacts is known only from there). A followed version comes first: its number may also name a published one.
    /// </summary>
    public async Task<ModelVersionInfo?> GetVersionAsync(string model, string version, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        Naming.EnsureValidVersion(model, version);
        if ((await ListedEntryAsync(model, cancellationToken))?.Sources?.GetValueOrDefault(version) is { } source)
        {
            // Named as MLflow named it, so a rollback or pin writes the same path back.
            return await ReadVersionAsync(model, version, _locations.Resolve(source), null, cancellationToken) is { } followed ? followed with { Location = source } : null;
        }

        if (await ReadVersionAsync(model, version, FolderOf(model, version), null, cancellationToken) is { } stored)
        {
            return stored;
        }

        var desired = (await DesiredState.ReadAsync(cancellationToken)).Document.Find(model);
        var named = desired?.Version == version ? desired : desired?.Candidate?.Version == version ? desired.Candidate.ToEntry() : null;
        return named is { Path.Length: > 0 } ? await GetVersionAsync(model, named, cancellationToken) : null;
    }

    /// <summary>The version a desired-state entry points at, honouring its <c>path</c> and <c>sha256</c> when it has them.</summary>
    public Task<ModelVersionInfo?> GetVersionAsync(string model, ModelEntry entry, CancellationToken cancellationToken) =>
        ReadVersionAsync(model, entry.Version, FolderOf(model, entry), entry.Sha256, cancellationToken);

    public async Task<string?> ReadInputExampleAsync(ModelVersionInfo version, CancellationToken cancellationToken)
    {
        if (!version.HasInputExample)
        {
            return null;
        }

        var folder = _locations.Resolve(version.Location);
        var read = await folder.Store.ReadAsync(folder.KeyOf(MlModel.InputExampleFileName), null, cancellationToken);
        return read.Status == ObjectReadStatus.Found ? Encoding.UTF8.GetString(read.Content) : null;
    }

    /// <summary>
    /// Downloads a version's ONNX file to <paramref name="destinationPath"/>, checking it while it streams against what
    /// the version's integrity expects. A mismatch throws <see cref="ChecksumMismatchException"/> and leaves no file
    /// behind; with <c>ModelStore:RequireChecksum</c>, a version that only its size vouches for is refused.
    /// </summary>
    public async Task DownloadOnnxAsync(ModelVersionInfo version, string destinationPath, CancellationToken cancellationToken)
    {
        var what = $"{version.Model} version {version.Version}";
        var integrity = version.Integrity ?? throw new InvalidDataException($"{what} cannot be verified: {version.Error ?? "nothing says what its ONNX file should be"}.");
        if (_requireChecksum && !integrity.IsChecksum)
        {
            throw new InvalidDataException(
                $"{what}: only its size vouches for its ONNX file ({integrity.Description}), and {ModelStoreKeys.RequireChecksum} is true. Record its SHA-256 " +
                "as \"sha256\" in its model_list.json entry or as metadata.sha256 in its MLmodel (the publisher's import writes it), or keep it " +
                "in an S3 store that returns a checksum or an MD5 ETag.");
        }

        var limit = DownloadLimit(version, integrity);
        var folder = _locations.Resolve(version.Location);
        var partial = destinationPath + ".partial";
        try
        {
            string actual;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            await using (var digest = new DigestStream(file, integrity.Kind, limit.Bytes, limit.TooLong))
            {
                await folder.Store.DownloadAsync(folder.KeyOf(version.OnnxFile), digest, cancellationToken);
                actual = digest.Actual();
            }

            if (!string.Equals(actual, integrity.Expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new ChecksumMismatchException(version.Model, version.Version, integrity, actual);
            }

            File.Move(partial, destinationPath, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// The most bytes a version's ONNX file may have: the size the version records (its entry's or MLmodel's, or the
    /// store's length), capped by ModelStore:MaxVersionBytes; and what to throw past it. A file grown past its recorded
    /// size is not the version's file (a mismatch); a version recording more than the cap is refused unread.
    /// </summary>
    private (long Bytes, Func<Exception> TooLong) DownloadLimit(ModelVersionInfo version, VersionIntegrity integrity)
    {
        var what = $"{version.Model} version {version.Version}: its ONNX file '{version.OnnxFile}'";
        const string Stopped = "the download was stopped and nothing of it was kept";
        if (version.SizeBytes > _maxVersionBytes)
        {
            throw new InvalidDataException($"{what} is {version.SizeBytes} bytes, more than {ModelStoreKeys.MaxVersionBytes} ({_maxVersionBytes}); it was not downloaded.");
        }

        return version.SizeBytes > 0
            ? (version.SizeBytes, () => new ChecksumMismatchException(version.Model, version.Version,
                $"{what} grew past {version.SizeBytes} bytes, the size its version records (model_size_bytes or the store's length), so it is not the file {integrity.Expected} ({integrity.Description}) names; {Stopped}."))
            : (_maxVersionBytes, () => new InvalidDataException($"{what} grew past {ModelStoreKeys.MaxVersionBytes} ({_maxVersionBytes} bytes); {Stopped}."));
    }

    private StoredFolder FolderOf(string model, ModelEntry entry) =>
        entry.Path.Length > 0 ? _locations.Resolve(entry.Path) : FolderOf(model, entry.Version);

    /// <summary>A version for a listing: one whose location or MLmodel is refused is listed with the reason.</summary>
    private async Task<ModelVersionInfo?> ReadListedAsync(string model, string version, string path, Func<StoredFolder> folder, string? entrySha256, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadVersionAsync(model, version, folder(), entrySha256, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            return new ModelVersionInfo
            {
                Model = model,
                Version = version,
                Location = path.Length > 0 ? path : FolderOf(model, version).Uri,
                OnnxFile = "",
                SizeBytes = 0,
                Signature = ModelSignature.Empty,
                Error = e.Message,
            };
        }
    }

    private async Task<ModelVersionInfo?> ReadVersionAsync(string model, string version, StoredFolder folder, string? entrySha256, CancellationToken cancellationToken)
    {
        var read = await folder.Store.ReadAsync(folder.KeyOf(MlModel.FileName), null, cancellationToken);
        if (read.Status != ObjectReadStatus.Found)
        {
            return null;
        }

        var what = $"{model} version {version}";
        var mlModel = MlModel.Parse(Encoding.UTF8.GetString(read.Content), what);
        if (!Naming.IsValidModel(mlModel.OnnxFile))
        {
            throw new InvalidDataException($"{what}: its MLmodel names the ONNX file '{mlModel.OnnxFile}', which is not a plain file name inside the version's folder.");
        }

        var integrity = await VersionIntegrities.ChooseAsync(what, entrySha256, mlModel, () => folder.Store.StatAsync(folder.KeyOf(mlModel.OnnxFile), cancellationToken));
        return ToInfo(model, version, folder.Uri, mlModel, integrity);
    }

    private static ModelVersionInfo ToInfo(string model, string version, string location, MlModel mlModel, VersionIntegrity integrity) => new()
    {
        Model = model,
        Version = version,
        Location = location,
        OnnxFile = mlModel.OnnxFile,
        Sha256 = integrity.Kind == IntegrityKind.Sha256 ? integrity.Expected : null,
        Integrity = integrity,
        SizeBytes = integrity.Kind == IntegrityKind.Size ? long.Parse(integrity.Expected, System.Globalization.CultureInfo.InvariantCulture) : mlModel.SizeBytes ?? 0,
        CreatedAt = mlModel.CreatedAt,
        RunId = mlModel.RunId,
        Source = mlModel.Source,
        Signature = mlModel.Signature,
        Metrics = mlModel.Metrics,
        HasInputExample = mlModel.InputExampleFile is not null,
    };
}
