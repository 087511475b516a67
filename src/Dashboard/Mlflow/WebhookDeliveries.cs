namespace Hotswap.Dashboard.Mlflow;

/// <summary>
/// The delivery ids already accepted, so a replayed delivery changes nothing. An id is kept longer than a delivery's
/// timestamp is accepted (<see cref="Registry.Mlflow.MlflowWebhookSignature.Tolerance"/>), so a replay is either
/// refused as stale or found here; at most <see cref="Capacity"/> are kept, oldest forgotten first.
/// </summary>
public sealed class WebhookDeliveries(TimeProvider time)
{
    public const int Capacity = 10_000;
    public static readonly TimeSpan KeptFor = Registry.Mlflow.MlflowWebhookSignature.Tolerance * 2;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();

    /// <summary>True the first time <paramref name="deliveryId"/> is offered; false for a replay.</summary>
    public bool TryAccept(string deliveryId)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_order.TryPeek(out var oldest) && (now - oldest.At > KeptFor || _order.Count >= Capacity))
            {
                _order.Dequeue();
                _seen.Remove(oldest.Id);
            }

            if (!_seen.TryAdd(deliveryId, now))
            {
                return false;
            }

            _order.Enqueue((deliveryId, now));
            return true;
        }
    }
}
