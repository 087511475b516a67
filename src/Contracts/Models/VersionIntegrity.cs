using System.Text.Json.Serialization;

namespace Hotswap.Contracts.Models;

/// <summary>What a version's ONNX file is checked against when it is downloaded.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IntegrityKind>))]
public enum IntegrityKind
{
    /// <summary>The SHA-256 of the file, as 64 lower-case hex digits.</summary>
    Sha256,

    /// <summary>The MD5 of the file, as 32 lower-case hex digits (an S3 ETag where S3 defines it so).</summary>
    Md5,

    /// <summary>Only the file's length in bytes: nothing hashes it.</summary>
    Size,
}

/// <summary>
/// How one version is verified: the first of the <c>sha256</c> of its model_list.json entry, <c>metadata.sha256</c>
/// in its MLmodel, the store's own checksum of the ONNX object, or its size.
/// </summary>
/// <param name="Expected">The hex digest, or the length in bytes for <see cref="IntegrityKind.Size"/>.</param>
/// <param name="Description">Where the expected value comes from, for people: <c>sha256 from MLmodel</c>, <c>size only</c>, …</param>
public sealed record VersionIntegrity(IntegrityKind Kind, string Expected, string Description)
{
    public bool IsChecksum => Kind != IntegrityKind.Size;
}
