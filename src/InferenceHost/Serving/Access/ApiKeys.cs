using System.Security.Cryptography;
using System.Text;
using Hotswap.InferenceHost.Configuration;
using Microsoft.Extensions.Options;

namespace Hotswap.InferenceHost.Serving.Access;

/// <summary>
/// The configured predict API keys, and which of them a request presents. Keys are compared as SHA-256 hashes in
/// constant time, each against every configured key, so neither a key's length nor its position can be timed; they
/// are never logged.
/// </summary>
public sealed class ApiKeys(IOptions<PredictLimits> options)
{
    public const string Header = "X-Api-Key";
    private readonly byte[][] _hashes = [.. options.Value.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];

    public bool Required => _hashes.Length > 0;

    /// <summary>The index of the configured key the request presents, or -1 when it presents none of them.</summary>
    public int Match(HttpRequest request)
    {
        var presented = Presented(request);
        if (presented is null)
        {
            return -1;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = -1;
        for (var i = 0; i < _hashes.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, _hashes[i]))
            {
                match = i;
            }
        }

        return match;
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers[Header] is { Count: > 0 } key)
        {
            return key.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
