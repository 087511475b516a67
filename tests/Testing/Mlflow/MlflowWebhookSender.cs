using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Hotswap.Registry.Mlflow;

namespace Hotswap.Testing.Mlflow;

/// <summary>One webhook delivery as MLflow sends it: the raw body and the three headers that sign it.</summary>
public sealed record MlflowWebhookDelivery(string Body, string DeliveryId, string Timestamp, string Signature);

/// <summary>
/// Sends registry webhook deliveries as MLflow 3.3+ does (<c>mlflow/webhooks/delivery.py</c>): a JSON envelope
/// <c>{"entity", "action", "timestamp", "data"}</c> serialized as Python's <c>json.dumps</c> writes it, a random delivery
/// id, the Unix time in seconds, and <c>X-MLflow-Signature: v1,BASE64</c> over <c>{id}.{time}.{body}</c> with the
/// webhook's secret. Tests build a delivery, then send it as it is, tampered with, late or twice.
/// </summary>
public sealed class MlflowWebhookSender(string secret, TimeProvider? time = null)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public MlflowWebhookDelivery AliasCreated(string name, string alias, string version, DateTimeOffset? at = null) =>
        Build("model_version_alias", "created", new JsonObject { ["name"] = name, ["alias"] = alias, ["version"] = version }, at);

    public MlflowWebhookDelivery AliasDeleted(string name, string alias, DateTimeOffset? at = null) =>
        Build("model_version_alias", "deleted", new JsonObject { ["name"] = name, ["alias"] = alias }, at);

    public MlflowWebhookDelivery VersionCreated(MlflowRegistryState.VersionRecord version, DateTimeOffset? at = null) =>
        Build("model_version", "created", new JsonObject
        {
            ["name"] = version.Name,
            ["version"] = version.Version,
            ["source"] = version.Source,
            ["run_id"] = version.RunId,
            ["tags"] = new JsonObject(),
            ["description"] = null,
        }, at);

    /// <summary>A delivery signed with this sender's secret, stamped <paramref name="at"/> (now unless given).</summary>
    public MlflowWebhookDelivery Build(string entity, string action, JsonObject data, DateTimeOffset? at = null)
    {
        var when = at ?? _time.GetUtcNow();
        var body = PythonJson(new JsonObject
        {
            ["entity"] = entity,
            ["action"] = action,
            ["timestamp"] = when.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture),
            ["data"] = data,
        });
        var deliveryId = Guid.NewGuid().ToString();
        var timestamp = when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new MlflowWebhookDelivery(body, deliveryId, timestamp, MlflowWebhookSignature.Sign(secret, deliveryId, timestamp, Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>POSTs <paramref name="delivery"/> to <paramref name="target"/> with MLflow's headers.</summary>
    public static async Task<HttpResponseMessage> SendAsync(Uri target, MlflowWebhookDelivery delivery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add(MlflowWebhookSignature.DeliveryIdHeader, delivery.DeliveryId);
        request.Headers.Add(MlflowWebhookSignature.TimestampHeader, delivery.Timestamp);
        request.Headers.Add(MlflowWebhookSignature.SignatureHeader, delivery.Signature);
        return await Http.SendAsync(request);
    }

    /// <summary>JSON as Python's json.dumps writes it by default: ", " and ": " between items, non-ASCII escaped.</summary>
    public static string PythonJson(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node);
        return text.ToString();

        void Write(JsonNode? value)
        {
            switch (value)
            {
                case null:
                    text.Append("null");
                    break;
                case JsonObject obj:
                    text.Append('{');
                    var first = true;
                    foreach (var (key, item) in obj)
                    {
                        text.Append(first ? "" : ", ");
                        first = false;
                        String(key);
                        text.Append(": ");
                        Write(item);
                    }

                    text.Append('}');
                    break;
                case JsonArray array:
                    text.Append('[');
                    for (var i = 0; i < array.Count; i++)
                    {
                        text.Append(i == 0 ? "" : ", ");
                        Write(array[i]);
                    }

                    text.Append(']');
                    break;
                case JsonValue scalar when scalar.TryGetValue<string>(out var s):
                    String(s);
                    break;
                case JsonValue scalar when scalar.TryGetValue<bool>(out var b):
                    text.Append(b ? "true" : "false");
                    break;
                default:
                    text.Append(value.ToJsonString());
                    break;
            }
        }

        void String(string s)
        {
            text.Append('"');
            foreach (var c in s)
            {
                text.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    _ when c < 0x20 || c > 0x7f => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }

            text.Append('"');
        }
    }
}
