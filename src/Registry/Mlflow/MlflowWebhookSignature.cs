using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hotswap.Registry.Mlflow;

/// <summary>
/// The signature MLflow (3.3+) puts on each webhook delivery: <c>X-MLflow-Signature: v1,BASE64</c>, the HMAC-SHA256
/// with the webhook's secret of <c>{X-MLflow-Delivery-Id}.{X-MLflow-Timestamp}.{raw body}</c>, as MLflow's
/// <c>webhooks/delivery.py</c> computes it (the Standard Webhooks scheme). Checked in constant time.
/// </summary>
public static class MlflowWebhookSignature
{
    public const string SignatureHeader = "X-MLflow-Signature";
    public const string DeliveryIdHeader = "X-MLflow-Delivery-Id";
    public const string TimestampHeader = "X-MLflow-Timestamp";
    public const string Version = "v1";

    /// <summary>How old (or how far ahead of this clock) a delivery's timestamp may be.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string deliveryId, string timestamp, ReadOnlySpan<byte> body) =>
        $"{Version},{Convert.ToBase64String(Mac(secret, deliveryId, timestamp, body))}";

    /// <summary>Null when the delivery is authentic and fresh; otherwise why it is refused.</summary>
    public static string? Check(string secret, string? deliveryId, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(deliveryId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return $"the delivery lacks {string.Join(", ", new[] { (DeliveryIdHeader, deliveryId), (TimestampHeader, timestamp), (SignatureHeader, signature) }.Where(h => string.IsNullOrEmpty(h.Item2)).Select(h => h.Item1))}";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return $"{TimestampHeader} '{Shorten(timestamp)}' is not a Unix time in seconds";
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > Tolerance)
        {
            return $"{TimestampHeader} is {(age > TimeSpan.Zero ? $"{age.TotalSeconds:0} s old" : $"{-age.TotalSeconds:0} s ahead")}, beyond the {Tolerance.TotalMinutes:0} minutes a delivery is accepted for";
        }

        var expected = Mac(secret, deliveryId, timestamp, body);
        foreach (var candidate in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate.StartsWith(Version + ",", StringComparison.Ordinal)
                && TryDecode(candidate[(Version.Length + 1)..], out var given)
                && CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return null;
            }
        }

        return $"{SignatureHeader} does not match the body signed with MLflow:WebhookSecret";
    }

    private static byte[] Mac(string secret, string deliveryId, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{deliveryId}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        bytes = new byte[32];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == 32;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
