using System.Text.Json.Nodes;
using Hotswap.Testing.Mlflow;

namespace Hotswap.Registry.Tests.Mlflow;

/// <summary>The stand-in's deliveries are byte for byte what MLflow's Python sends, or their signatures prove nothing.</summary>
public sealed class MlflowWebhookSenderTests
{
    [Fact]
    public void A_delivery_body_is_written_as_Pythons_json_dumps_writes_it()
    {
        var envelope = new JsonObject
        {
            ["entity"] = "model_version_alias",
            ["action"] = "created",
            ["timestamp"] = "2025-12-02T12:00:00+00:00",
            ["data"] = new JsonObject { ["name"] = "iris", ["alias"] = "champion", ["version"] = "3", ["description"] = null, ["note"] = "é\n" },
        };

        Assert.Equal(
            """{"entity": "model_version_alias", "action": "created", "timestamp": "2025-12-02T12:00:00+00:00", "data": {"name": "iris", "alias": "champion", "version": "3", "description": null, "note": "\u00e9\n"}}""",
            MlflowWebhookSender.PythonJson(envelope));
    }
}
