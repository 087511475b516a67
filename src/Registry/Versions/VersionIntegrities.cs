using System.Text.RegularExpressions;
using Hotswap.Contracts.Models;
using Hotswap.Registry.Storage;

namespace Hotswap.Registry.Versions;

/// <summary>
/// Chooses how a version is verified: the first of the <c>sha256</c> of its model_list.json entry,
/// <c>metadata.sha256</c> in its MLmodel, the store's own checksum of the ONNX object (a SHA-256, else an MD5 ETag),
/// and otherwise its size. A recorded SHA-256 must be 64 hex digits: it also names files in the host's cache.
/// </summary>
public static partial class VersionIntegrities
{
    public const string FromEntry = "sha256 from model_list.json";
    public const string FromMlModel = "sha256 from MLmodel";
    public const string FromStoreSha256 = "S3 checksum (sha256)";
    public const string FromETag = "S3 ETag (md5)";
    public const string SizeOnly = "size only";

    /// <param name="facts">What the store says of the ONNX object; only asked for when neither file records a SHA-256.</param>
    public static async Task<VersionIntegrity> ChooseAsync(string what, string? entrySha256, MlModel mlModel, Func<Task<ObjectFacts?>> facts)
    {
        var recorded = Sha256Of(what, "its model_list.json entry's \"sha256\"", entrySha256);
        var own = Sha256Of(what, "its MLmodel's metadata.sha256", mlModel.Sha256);
        if (recorded is not null && own is not null && recorded != own)
        {
            throw new InvalidDataException($"{what}: model_list.json expects SHA-256 {recorded}, but its MLmodel records {own}.");
        }

        if ((recorded ?? own) is { } sha256)
        {
            return new VersionIntegrity(IntegrityKind.Sha256, sha256, recorded is null ? FromMlModel : FromEntry);
        }

        var stored = await facts() ?? throw new InvalidDataException($"{what}: its ONNX file {mlModel.OnnxFile} is not in the store.");
        return stored switch
        {
            { Sha256: { } sum } => new VersionIntegrity(IntegrityKind.Sha256, sum, FromStoreSha256),
            { Md5: { } md5 } => new VersionIntegrity(IntegrityKind.Md5, md5, FromETag),
            _ => new VersionIntegrity(IntegrityKind.Size, stored.Size.ToString(System.Globalization.CultureInfo.InvariantCulture), SizeOnly),
        };
    }

    /// <summary>A name for the verified file that holds no text from the store: the SHA-256, or a hash of what is expected.</summary>
    public static string FileTag(VersionIntegrity integrity) =>
        (integrity.Kind == IntegrityKind.Sha256 && IsSha256(integrity.Expected)
            ? integrity.Expected
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{integrity.Kind}:{integrity.Expected}"))))[..16];

    public static bool IsSha256(string? value) => value is not null && Sha256Hex().IsMatch(value);

    private static string? Sha256Of(string what, string where, string? value) => value switch
    {
        null => null,
        _ when IsSha256(value) => value.ToLowerInvariant(),
        _ => throw new InvalidDataException($"{what}: {where} is not a SHA-256 (64 hex digits): '{(value.Length > 80 ? value[..80] + "…" : value)}'."),
    };

    [GeneratedRegex("^[0-9a-fA-F]{64}\\z")]
    private static partial Regex Sha256Hex();
}
