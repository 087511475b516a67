using System.Collections.Immutable;
using System.Security.Cryptography;
using Hotswap.ServiceDefaults;

namespace Hotswap.Dashboard.Announcements;

/// <summary>
/// The bearer tokens a scheme accepts, kept as SHA-256 digests: a presented token is hashed and compared with every
/// digest in constant time, so neither the answer's timing nor an early exit tells which bytes matched.
/// </summary>
public sealed class TokenSet(IEnumerable<string?> tokens)
{
    private readonly ImmutableArray<byte[]> _digests = [.. tokens.Where(t => !string.IsNullOrEmpty(t)).Select(t => OperatorTokenHash.Of(t!))];

    public bool Contains(string presented)
    {
        var digest = OperatorTokenHash.Of(presented);
        var found = false;
        foreach (var known in _digests)
        {
            found |= CryptographicOperations.FixedTimeEquals(digest, known);
        }

        return found;
    }
}
