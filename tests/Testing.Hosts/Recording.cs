using Hotswap.Contracts.Swapping;

namespace Hotswap.Testing.Hosts;

/// <summary>What a test's client or server received, recorded as it arrives on other threads, awaitable by condition.</summary>
public sealed class Recording
{
    private readonly Lock _lock = new();
    private readonly List<object> _events = [];
    private readonly List<(Func<object, bool> Match, TaskCompletionSource<object> Found)> _waiters = [];

    public IReadOnlyList<object> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public void Add(object e)
    {
        lock (_lock)
        {
            _events.Add(e);
            foreach (var waiter in _waiters.Where(w => w.Match(e)).ToList())
            {
                waiter.Found.TrySetResult(e);
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>The first event of type <typeparamref name="T"/>, past or future, that matches.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        bool Matches(object e) => e is T t && (match?.Invoke(t) ?? true);
        var found = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_events.FirstOrDefault(Matches) is { } seen)
            {
                return (T)seen;
            }

            _waiters.Add((Matches, found));
        }

        try
        {
            // A swap or a guard's evaluation on a busy 2-core CI machine: 60 s unless the caller says.
            return (T)await found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {typeof(T).Name} matched; the last events: {string.Join("; ", Events.Where(e => e is not CheckCompleted).TakeLast(8))}");
        }
    }
}
