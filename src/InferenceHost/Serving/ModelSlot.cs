namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// The single reference through which requests reach a model's served version. A swap replaces the whole
/// <see cref="ServedModel"/> with one atomic exchange; requests never wait for a load and never take a lock.
/// </summary>
public sealed class ModelSlot(string model)
{
    private ServedModel? _current;
    private SlotRollout? _rollout;

    public string Model { get; } = model;

    public ServedModel? Current => Volatile.Read(ref _current);

    /// <summary>The second version requests meet (a candidate, or the warm previous version after a swap); null when none.</summary>
    public SlotRollout? Rollout => Volatile.Read(ref _rollout);

    /// <summary>Leases the served version; false while nothing is served (first load, or a resource-preserving swap).</summary>
    public bool TryLease(out ModelLease lease)
    {
        while (Volatile.Read(ref _current) is { } model)
        {
            if (model.TryAcquire())
            {
                lease = new ModelLease(model);
                return true;
            }

            // Retired between the read and the lease: the slot already holds its successor (or nothing).
        }

        lease = default;
        return false;
    }

    /// <summary>Publishes <paramref name="next"/> (or empties the slot) and returns what it replaced, not yet retired.</summary>
    public ServedModel? Exchange(ServedModel? next) => Interlocked.Exchange(ref _current, next);

    /// <summary>Replaces how requests meet a second version, whole.</summary>
    public void SetRollout(SlotRollout? rollout) => Volatile.Write(ref _rollout, rollout);
}
