using System.Security.Cryptography;
using Hotswap.InferenceHost.Configuration;
using Hotswap.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Control;

/// <summary>One holder of a control token, as configured.</summary>
public sealed record KnownOperator(string Name, string Role, bool ActsForOthers, byte[] TokenHash);

/// <summary>
/// Every configured token holder, found by a presented token in constant time: the token is hashed, then compared with
/// every entry's hash (never stopping at a match), so neither timing nor logs tell anything about a token.
/// </summary>
public sealed class KnownOperators(IOptions<ControlOptions> options)
{
    private readonly KnownOperator[] _operators = [.. From(options.Value)];

    public KnownOperator? Authenticate(string presentedToken)
    {
        var presented = OperatorTokenHash.Of(presentedToken);
        KnownOperator? found = null;
        foreach (var candidate in _operators)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, candidate.TokenHash))
            {
                found = candidate;
            }
        }

        return found;
    }

    private static IEnumerable<KnownOperator> From(ControlOptions options)
    {
        if (options.Token is { Length: > 0 } token)
        {
            yield return new KnownOperator(ControlOptions.SharedTokenName, OperatorOptions.OperatorRole, ActsForOthers: false, OperatorTokenHash.Of(token));
        }

        foreach (var entry in options.Operators)
        {
            yield return new KnownOperator(entry.Name!, entry.Role!, entry.ActsForOthers, OperatorTokenHash.Parse(entry.TokenHash!));
        }
    }
}
