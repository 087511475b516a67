using System.Text.RegularExpressions;

namespace Hotswap.Registry.Storage;

/// <summary>
/// Which of an S3 object's headers are digests of the whole object. <c>x-amz-checksum-sha256</c> is, unless the object
/// was uploaded in parts with a composite checksum (a checksum of the parts' checksums). The ETag is the object's MD5
/// only where S3 defines it so: a single-part upload (no <c>-N</c> suffix) that is not encrypted with SSE-KMS or SSE-C.
/// </summary>
public static partial class S3Digests
{
    public static ObjectFacts Of(long size, string? eTag, string? checksumSha256, string? checksumType, string? encryption, string? customerEncryption)
    {
        string? sha256 = null;
        if (checksumSha256 is { Length: > 0 } && checksumType != "COMPOSITE" && !checksumSha256.Contains('-', StringComparison.Ordinal))
        {
            var bytes = new byte[32];
            sha256 = Convert.TryFromBase64String(checksumSha256, bytes, out var length) && length == 32 ? Convert.ToHexStringLower(bytes) : null;
        }

        var tag = eTag?.Trim('"');
        var md5 = tag is not null && Md5Hex().IsMatch(tag) && encryption is not ("aws:kms" or "aws:kms:dsse") && string.IsNullOrEmpty(customerEncryption)
            ? tag.ToLowerInvariant()
            : null;
        return new ObjectFacts(size, sha256, md5);
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}\\z")]
    private static partial Regex Md5Hex();
}
