using System.Text.Json;
using Hotswap.Registry.Configuration;
using Hotswap.Registry.Mlflow;
using Microsoft.Extensions.Options;

namespace Hotswap.Dashboard.Mlflow;

/// <summary>
/// <c>POST /webhooks/mlflow</c>: MLflow 3.3+ registry webhooks. A delivery is accepted only when its signature matches
/// <c>MLflow:WebhookSecret</c>, its timestamp is within 5 minutes and its id is new; then an alias created or deleted,
/// or a version created, asks for a resolution of the entries following that registered model. The delivery only says
/// when to look: what the fleet follows is what MLflow answers then. Anything else is acknowledged and ignored.
/// </summary>
public static class MlflowWebhookEndpoints
{
    public const string Path = "/webhooks/mlflow";
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly HashSet<(string Entity, string Action)> Followed =
        [("model_version_alias", "created"), ("model_version_alias", "deleted"), ("model_version", "created")];

    public static IEndpointRouteBuilder MapMlflowWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, IOptions<MlflowOptions> options, WebhookDeliveries deliveries, MlflowSync sync, TimeProvider time, ILogger<MlflowSync> logger)
    {
        if (string.IsNullOrEmpty(options.Value.WebhookSecret))
        {
            return Refused(logger, StatusCodes.Status403Forbidden, $"{MlflowKeys.WebhookSecret} is not set, so no delivery can be checked; the registry is followed by polling every {options.Value.PollInterval}.");
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            return Refused(logger, StatusCodes.Status413PayloadTooLarge, $"The delivery is larger than {MaxBodyBytes} bytes.");
        }

        var headers = context.Request.Headers;
        var deliveryId = headers[MlflowWebhookSignature.DeliveryIdHeader].ToString();
        if (MlflowWebhookSignature.Check(options.Value.WebhookSecret, deliveryId, headers[MlflowWebhookSignature.TimestampHeader], headers[MlflowWebhookSignature.SignatureHeader], body, time.GetUtcNow()) is { } problem)
        {
            return Refused(logger, StatusCodes.Status401Unauthorized, $"The delivery was refused: {problem}.");
        }

        if (!deliveries.TryAccept(deliveryId))
        {
            return TypedResults.Ok(new { status = $"delivery {deliveryId} was already received; nothing changes" });
        }

        if (Read(body) is not { } envelope)
        {
            return Refused(logger, StatusCodes.Status400BadRequest, $"Delivery {deliveryId} is not MLflow's webhook JSON ({{\"entity\", \"action\", \"data\": {{\"name\", …}}}}).");
        }

        if (!Followed.Contains((envelope.Entity, envelope.Action)))
        {
            return TypedResults.Ok(new { status = $"{envelope.Entity}.{envelope.Action} does not move what the fleet follows; ignored" });
        }

        sync.Ask(SyncReason.Webhook(envelope.Entity, envelope.Action, envelope.Name, deliveryId));
        return TypedResults.Ok(new { status = $"resolving what follows '{envelope.Name}'" });
    }

    private static IResult Refused(ILogger logger, int status, string detail)
    {
        MlflowLog.DeliveryRefused(logger, detail);
        return TypedResults.Problem(statusCode: status, title: "MLflow webhook delivery refused", detail: detail);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private sealed record Envelope(string Entity, string Action, string Name);

    private static Envelope? Read(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("entity", out var entity) && entity.ValueKind == JsonValueKind.String
                && root.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String
                && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    ? new Envelope(entity.GetString()!, action.GetString()!, name.GetString()!)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
