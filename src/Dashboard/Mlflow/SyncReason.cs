namespace Hotswap.Dashboard.Mlflow;

/// <summary>
/// Why the followed models are resolved now: the poll, a webhook delivery about one registered model, or an operator's
/// unpin. <see cref="RegisteredModel"/> narrows the pass to the entries that follow that MLflow model.
/// </summary>
public sealed record SyncReason(string Describe, string? RegisteredModel, string? DeliveryId)
{
    public static readonly SyncReason Poll = new("poll", null, null);

    public static SyncReason Webhook(string entity, string action, string registeredModel, string deliveryId) =>
        new($"webhook {entity}.{action}, delivery {deliveryId}", registeredModel, deliveryId);
}
