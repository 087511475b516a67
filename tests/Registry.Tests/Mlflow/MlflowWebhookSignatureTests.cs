using System.Text;
using Hotswap.Registry.Mlflow;

namespace Hotswap.Registry.Tests.Mlflow;

/// <summary>
/// The vector below was computed with the algorithm of MLflow's <c>webhooks/delivery.py</c>
/// (<c>hmac.new(secret, f"{delivery_id}.{timestamp}.{payload}", sha256)</c>, base64, <c>v1,</c> prefix) in Python.
/// </summary>
public sealed class MlflowWebhookSignatureTests
{
    private const string Secret = "whsec-test";
    private const string DeliveryId = "9b3c1f0e-7a2d-4c5b-8e6f-1a2b3c4d5e6f";
    private const string Timestamp = "1764676800";
    private const string Body = """{"entity": "model_version_alias", "action": "created", "timestamp": "2025-12-02T12:00:00+00:00", "data": {"name": "iris", "alias": "champion", "version": "3"}}""";
    private const string MlflowSignature = "v1,GmWnXCvmpP5sFTVsUWrZHDbyOVuep3mxbf3gOeLVQrQ=";

    private static readonly DateTimeOffset Sent = DateTimeOffset.FromUnixTimeSeconds(1764676800);

    [Fact]
    public void The_signature_is_the_one_MLflow_computes()
    {
        Assert.Equal(MlflowSignature, MlflowWebhookSignature.Sign(Secret, DeliveryId, Timestamp, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void A_delivery_MLflow_signed_a_minute_ago_is_accepted()
    {
        Assert.Null(Check(Body, Secret, Sent.AddMinutes(1)));
    }

    [Fact]
    public void A_body_changed_after_signing_is_refused()
    {
        Assert.Contains("does not match", Check(Body.Replace("\"3\"", "\"4\"", StringComparison.Ordinal), Secret, Sent), StringComparison.Ordinal);
    }

    [Fact]
    public void A_delivery_signed_with_another_secret_is_refused()
    {
        Assert.Contains("does not match", Check(Body, "another-secret", Sent), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6, "s old")]
    [InlineData(-6, "s ahead")]
    public void A_delivery_stamped_more_than_five_minutes_away_is_refused(int minutes, string problem)
    {
        Assert.Contains(problem, Check(Body, Secret, Sent.AddMinutes(minutes)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_delivery_without_its_headers_is_refused_naming_them()
    {
        var problem = MlflowWebhookSignature.Check(Secret, null, Timestamp, null, Encoding.UTF8.GetBytes(Body), Sent);

        Assert.Equal("the delivery lacks X-MLflow-Delivery-Id, X-MLflow-Signature", problem);
    }

    private static string? Check(string body, string secret, DateTimeOffset now) =>
        MlflowWebhookSignature.Check(secret, DeliveryId, Timestamp, MlflowSignature, Encoding.UTF8.GetBytes(body), now);
}
