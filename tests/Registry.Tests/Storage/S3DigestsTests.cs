using Hotswap.Registry.Storage;

namespace Hotswap.Registry.Tests.Storage;

/// <summary>Which S3 headers are digests of the whole object, as S3 defines them.</summary>
public sealed class S3DigestsTests
{
    private const string Md5 = "0cc175b9c0f1b6a831c399e269772661";
    private static readonly string Sha256Base64 = Convert.ToBase64String(new byte[32]);

    [Fact]
    public void A_single_part_unencrypted_etag_is_the_md5() =>
        Assert.Equal(new ObjectFacts(9, null, Md5), S3Digests.Of(9, $"\"{Md5.ToUpperInvariant()}\"", null, null, null, null));

    [Theory]
    [InlineData("\"" + Md5 + "-3\"", null, null)]
    [InlineData("\"" + Md5 + "\"", "aws:kms", null)]
    [InlineData("\"" + Md5 + "\"", "aws:kms:dsse", null)]
    [InlineData("\"" + Md5 + "\"", "AES256", "AES256")]
    public void A_multipart_or_kms_or_customer_key_etag_is_no_md5(string eTag, string? encryption, string? customerEncryption) =>
        Assert.Null(S3Digests.Of(9, eTag, null, null, encryption, customerEncryption).Md5);

    [Fact]
    public void An_SSE_S3_etag_is_still_the_md5() =>
        Assert.Equal(Md5, S3Digests.Of(9, $"\"{Md5}\"", null, null, "AES256", null).Md5);

    [Fact]
    public void A_full_object_sha256_checksum_is_the_sha256_in_hex() =>
        Assert.Equal(new string('0', 64), S3Digests.Of(9, null, Sha256Base64, "FULL_OBJECT", null, null).Sha256);

    [Theory]
    [InlineData("COMPOSITE")]
    [InlineData(null)]
    public void A_composite_checksum_is_no_sha256_of_the_object(string? type) =>
        Assert.Null(S3Digests.Of(9, null, type is null ? Sha256Base64 + "-4" : Sha256Base64, type, null, null).Sha256);
}
