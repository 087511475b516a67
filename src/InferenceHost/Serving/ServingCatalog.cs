using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Hotswap.InferenceHost.Serving;

/// <summary>
/// The slots of every model this host serves, as one immutable dictionary behind one reference: models are added and
/// removed by replacing the dictionary whole, while requests read it without locks.
/// </summary>
public sealed class ServingCatalog
{
    private readonly Lock _writeLock = new();
    private FrozenDictionary<string, ModelSlot> _slots = FrozenDictionary<string, ModelSlot>.Empty;

    public IReadOnlyCollection<ModelSlot> Slots => Volatile.Read(ref _slots).Values;

    public bool TryGet(string model, [NotNullWhen(true)] out ModelSlot? slot) => Volatile.Read(ref _slots).TryGetValue(model, out slot);

    /// <summary>The one slot, when exactly one model is served (requests may then omit the model name).</summary>
    public ModelSlot? Single => Volatile.Read(ref _slots) is { Count: 1 } slots ? slots.Values[0] : null;

    public ModelSlot GetOrAdd(string model)
    {
        lock (_writeLock)
        {
            if (_slots.TryGetValue(model, out var slot))
            {
                return slot;
            }

            slot = new ModelSlot(model);
            Volatile.Write(ref _slots, _slots.Append(new(model, slot)).ToFrozenDictionary(StringComparer.Ordinal));
            return slot;
        }
    }

    public void Remove(string model)
    {
        lock (_writeLock)
        {
            Volatile.Write(ref _slots, _slots.Where(s => s.Key != model).ToFrozenDictionary(StringComparer.Ordinal));
        }
    }
}
