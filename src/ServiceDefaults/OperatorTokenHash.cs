using System.Security.Cryptography;
using System.Text;

namespace Hotswap.ServiceDefaults;

/// <summary>
/// How an operator's token is written in configuration: the 64 hexadecimal digits of the SHA-256 of its UTF-8 bytes
/// (<c>hotswap-publisher hash-token</c> makes a token and its hash; <c>printf %s "$TOKEN" | sha256sum</c> gives the same).
/// A plain hash suffices because tokens are random; configuration then holds no token an operator could reuse.
/// </summary>
public static class OperatorTokenHash
{
    public const int Length = 64;

    public static byte[] Of(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool IsWellFormed(string? hash) => hash is { Length: Length } && hash.All(char.IsAsciiHexDigit);

    /// <summary>The digest a well-formed hash stands for, in either case of its letters.</summary>
    public static byte[] Parse(string hash) => IsWellFormed(hash)
        ? Convert.FromHexString(hash)
        : throw new FormatException($"A token hash is {Length} hexadecimal digits (the SHA-256 of the token).");
}
