using Hotswap.Contracts.Models;
using Hotswap.Registry.Commands;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.DesiredState;
using Hotswap.Registry.Mlflow;
using Hotswap.Registry.Storage;

namespace Hotswap.Registry;

/// <summary>
/// Following MLflow's model registry: an entry with <c>follow</c> is moved by the control plane to the version its
/// <c>models:/</c> URI resolves to, with the version's files where MLflow keeps them. The registry never calls MLflow:
/// the caller resolves, and these writes keep the desired state the single source of truth. A pin holds a followed
/// entry; unpin lets it follow again; rollback pins.
/// </summary>
public sealed partial class ModelRegistry
{
    /// <summary>The most files a version's folder copied from MLflow's artifacts may hold.</summary>
    public const int MaxFolderFiles = 1000;

    /// <summary>
    /// <paramref name="model"/> follows <paramref name="uri"/> from now on, and moves at once to
    /// <paramref name="version"/> at <paramref name="path"/> (what <paramref name="uri"/> resolves to now) unless pinned.
    /// </summary>
    public async Task<ModelEntry> StartFollowingAsync(string model, MlflowModelUri uri, string version, string path, string by, string? reason, CancellationToken cancellationToken)
    {
        if (!uri.Moves)
        {
            throw new CommandRefusedException($"{uri} names one version, which never moves: pin {model} to it instead, or follow an alias (models:/{uri.Name}@ALIAS) or models:/{uri.Name}/latest.");
        }

        await EnsureFollowableAsync(model, uri, version, path, cancellationToken);
        return await ChangeEntryAsync(model, by, reason ?? $"following {uri}, which points at version {version}", entry =>
            (entry.Pinned ? entry : entry.FollowedTo(version, path, Registered(uri, version), _time.GetUtcNow())) with { Follow = uri.ToString() },
            cancellationToken);
    }

    /// <summary>Stops following: the entry stays on its version, and publishing advances it again.</summary>
    public async Task<ModelEntry> StopFollowingAsync(string model, string by, string? reason, CancellationToken cancellationToken)
    {
        var entry = await FindEntryAsync(model, cancellationToken);
        var follow = entry.Follow ?? throw new CommandRefusedException($"{model} follows nothing in MLflow's registry.");
        return await ChangeEntryAsync(model, by, reason ?? $"stopped following {follow}; staying on version {entry.Version}", e => e with { Follow = null }, cancellationToken);
    }

    /// <summary>
    /// The control plane's move of a followed entry to <paramref name="version"/>, which <paramref name="uri"/> points
    /// at now. Declines (null, nothing written) when the entry no longer follows <paramref name="uri"/>, is pinned, has a
    /// rollout under way, or already serves that version.
    /// </summary>
    public async Task<ModelEntry?> MoveFollowedAsync(string model, MlflowModelUri uri, string version, string path, string by, string reason, CancellationToken cancellationToken)
    {
        await EnsureFollowableAsync(model, uri, version, path, cancellationToken);
        return await TryChangeEntryAsync(model, by, reason, entry =>
            entry.Follow == uri.ToString() && !entry.Pinned && entry.Candidate is null && entry.Version != version
                ? entry.FollowedTo(version, path, Registered(uri, version), _time.GetUtcNow())
                : null,
            cancellationToken);
    }

    /// <summary>Refuses a version whose folder holds no MLmodel a host could serve, naming the model, version and place.</summary>
    private async Task EnsureFollowableAsync(string model, MlflowModelUri uri, string version, string path, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        Naming.EnsureValidVersion(model, version);
        ModelVersionInfo? info;
        try
        {
            info = await ReadVersionAsync(model, version, _locations.Resolve(path), null, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            throw new CommandRefusedException($"{model}: {uri} points at version {version}, whose files at {path} cannot be served: {e.Message}");
        }

        if (info is null)
        {
            throw new CommandRefusedException($"{model}: {uri} points at version {version}, but {path} holds no MLmodel (is MLflow:ArtifactsDestination or ModelStore:AllowedBuckets set for MLflow's artifact store?).");
        }
    }

    /// <summary>
    /// Copies the files of the folder at <paramref name="location"/> (a version where MLflow keeps it) into
    /// <paramref name="destination"/>, straight from the store that holds it; false, with nothing copied, when this
    /// store cannot reach it (another bucket than the allowed ones, or <c>mlflow-artifacts:/</c> without
    /// <c>MLflow:ArtifactsDestination</c>). At most <see cref="MaxFolderFiles"/> files and the version byte limit.
    /// </summary>
    public async Task<bool> TryDownloadFolderAsync(string location, string destination, CancellationToken cancellationToken)
    {
        StoredFolder folder;
        try
        {
            folder = _locations.Resolve(location);
        }
        catch (FormatException)
        {
            return false;
        }

        var files = new List<string>();
        await foreach (var entry in folder.Store.ListAsync(folder.Key + "/", cancellationToken))
        {
            files.Add(entry.Key[(folder.Key.Length + 1)..]);
            if (files.Count > MaxFolderFiles)
            {
                throw new InvalidDataException($"{location} holds more than {MaxFolderFiles} files: not a model folder.");
            }
        }

        var copied = 0L;
        foreach (var file in files)
        {
            var target = Path.GetFullPath(Path.Combine(destination, file));
            if (!target.StartsWith(Path.GetFullPath(destination) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{location} holds '{file}', which would land outside the folder it is copied to.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var stream = File.Create(target);
            copied += await folder.Store.DownloadAsync(folder.KeyOf(file), stream, cancellationToken);
            if (copied > _maxVersionBytes)
            {
                throw new InvalidDataException($"{location} holds more than {_maxVersionBytes} bytes ({ModelStoreKeys.MaxVersionBytes}).");
            }
        }

        return files.Count > 0;
    }

    private async Task<ModelEntry> FindEntryAsync(string model, CancellationToken cancellationToken)
    {
        Naming.EnsureValidModel(model);
        return (await DesiredState.ReadAsync(cancellationToken)).Document.Find(model)
            ?? throw new VersionNotFoundException($"{model} is not in the desired state of {Location}.");
    }

    private static string Registered(MlflowModelUri uri, string version) => $"{MlflowModelUri.Scheme}{uri.Name}/{version}";
}
