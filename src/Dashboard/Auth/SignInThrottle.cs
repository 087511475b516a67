using System.Collections.Concurrent;

namespace Hotswap.Dashboard.Auth;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed sign-ins within <see cref="Window"/> for one name,
/// or from one address, further attempts for it are refused until the oldest failure leaves the window, whether the
/// password is right or not. Counting per name stops a spread-out attack on one account; per address, one client
/// trying many names.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    // Bounds the memory a stream of made-up names can take: past it, keys whose failures have all expired are dropped.
    private const int MaxTrackedKeys = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long until <paramref name="name"/> from <paramref name="address"/> may try again; zero when it may now.</summary>
    public TimeSpan RetryAfter(string name, string address)
    {
        var now = time.GetUtcNow();
        return Max(Of(NameKey(name))?.RetryAfter(now) ?? TimeSpan.Zero, Of(AddressKey(address))?.RetryAfter(now) ?? TimeSpan.Zero);
    }

    public void RecordFailure(string name, string address)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxTrackedKeys)
        {
            foreach (var (key, failures) in _failures)
            {
                if (failures.RetryAfter(now) == TimeSpan.Zero && failures.AllExpired(now))
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        _failures.GetOrAdd(NameKey(name), _ => new Failures()).Add(now);
        _failures.GetOrAdd(AddressKey(address), _ => new Failures()).Add(now);
    }

    private Failures? Of(string key) => _failures.GetValueOrDefault(key);

    private static string NameKey(string name) => "name:" + name;

    private static string AddressKey(string address) => "address:" + address;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The times of one key's failures within the window, oldest first.</summary>
    private sealed class Failures
    {
        private readonly Queue<DateTimeOffset> _times = new();

        public void Add(DateTimeOffset now)
        {
            lock (_times)
            {
                Expire(now);
                _times.Enqueue(now);
            }
        }

        public TimeSpan RetryAfter(DateTimeOffset now)
        {
            lock (_times)
            {
                Expire(now);
                return _times.Count >= MaxFailures ? _times.Peek() + Window - now : TimeSpan.Zero;
            }
        }

        public bool AllExpired(DateTimeOffset now)
        {
            lock (_times)
            {
                Expire(now);
                return _times.Count == 0;
            }
        }

        private void Expire(DateTimeOffset now)
        {
            while (_times.Count > 0 && _times.Peek() + Window <= now)
            {
                _times.Dequeue();
            }
        }
    }
}
