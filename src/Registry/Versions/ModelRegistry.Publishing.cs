using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hotswap.Contracts.Models;
using Hotswap.Registry.Storage;
using Hotswap.Registry.Versions;

namespace Hotswap.Registry;

/// <summary>
/// Writing a new version so that racing publishers never mix their files: each file is created only where none exists,
/// the MLmodel last, so no version's files change once they exist.
/// </summary>
public sealed partial class ModelRegistry
{
    /// <summary>How many version numbers a publish without a version tries before giving up to racing publishers.</summary>
    private const int MaxPublishAttempts = 10;

    /// <summary>
    /// Claims a version number by creating its files: on a lost race a publish without a version moves to the next
    /// number (a bounded number of times); one that names its version fails.
    /// </summary>
    private async Task<ModelVersionInfo> WriteNewVersionAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var version = request.Version ?? await NextVersionAsync(request.Model, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            Naming.EnsureValidVersion(request.Model, version);
            if (await GetVersionAsync(request.Model, version, cancellationToken) is null)
            {
                try
                {
                    return await WriteVersionAsync(request, version, cancellationToken);
                }
                catch (ConcurrentUpdateException e) when (request.Version is not null)
                {
                    throw new InvalidOperationException($"{request.Model} version {version} is being written by another publisher in {Location} ({e.Message}); versions are immutable.", e);
                }
                catch (ConcurrentUpdateException)
                {
                    // Another publisher took this number: try the next one.
                }
            }
            else if (request.Version is not null)
            {
                throw new InvalidOperationException($"{request.Model} version {version} already exists in {Location}; versions are immutable.");
            }

            if (attempt == MaxPublishAttempts)
            {
                throw new InvalidOperationException($"{request.Model}: other publishers took every version number tried, up to {version}, in {Location}; publish again.");
            }

            version = (long.Parse(version, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Writes one version's files (ONNX, input example, MLmodel), each only if it does not exist yet, and deletes the
    /// ones it created when another publisher got there first. On a store that ignores conditional writes (s3rver),
    /// reading the MLmodel back catches a publisher that lost the MLmodel to another.
    /// </summary>
    private async Task<ModelVersionInfo> WriteVersionAsync(PublishRequest request, string version, CancellationToken cancellationToken)
    {
        var folder = FolderOf(request.Model, version).Key;
        var created = new List<string>();
        string sha256;
        long size;
        await using (var onnx = File.OpenRead(request.OnnxFilePath))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(onnx, cancellationToken));
            size = onnx.Length;
            onnx.Position = 0;
            await _store.WriteAsync($"{folder}/{request.OnnxFileName}", onnx, new WriteOptions { Progress = request.UploadProgress, IfNoneExist = true }, cancellationToken);
            created.Add($"{folder}/{request.OnnxFileName}");
        }

        var mlModel = new MlModel
        {
            OnnxFile = request.OnnxFileName,
            Signature = request.Signature,
            Sha256 = sha256,
            SizeBytes = size,
            RunId = request.RunId,
            ModelUuid = Guid.NewGuid().ToString("N"),
            CreatedAt = _time.GetUtcNow(),
            Source = request.Source,
            InputExampleFile = request.InputExampleJson is null ? null : MlModel.InputExampleFileName,
            Metrics = request.Metrics,
        };
        try
        {
            if (request.InputExampleJson is not null)
            {
                await WriteTextAsync($"{folder}/{MlModel.InputExampleFileName}", request.InputExampleJson, new WriteOptions { IfNoneExist = true }, cancellationToken);
                created.Add($"{folder}/{MlModel.InputExampleFileName}");
            }

            await WriteTextAsync($"{folder}/{MlModel.FileName}", mlModel.ToYaml(), new WriteOptions { IfNoneExist = true }, cancellationToken);
        }
        catch (ConcurrentUpdateException)
        {
            foreach (var key in created)
            {
                await _store.DeleteAsync(key, CancellationToken.None);
            }

            throw;
        }

        var committed = await _store.ReadAsync($"{folder}/{MlModel.FileName}", null, cancellationToken);
        if (committed.Status != ObjectReadStatus.Found || MlModel.Parse(Encoding.UTF8.GetString(committed.Content), $"{request.Model} version {version}").ModelUuid != mlModel.ModelUuid)
        {
            throw new ConcurrentUpdateException($"{request.Model} version {version}'s MLmodel in {Location} was replaced by another publisher: this store ignores conditional writes.");
        }

        return ToInfo(request.Model, version, Location.UriOf(folder), mlModel, new VersionIntegrity(IntegrityKind.Sha256, sha256, VersionIntegrities.FromMlModel));
    }

    private async Task WriteTextAsync(string key, string text, WriteOptions options, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await _store.WriteAsync(key, content, options, cancellationToken);
    }
}
