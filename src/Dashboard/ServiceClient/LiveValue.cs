using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Hotswap.Dashboard.ServiceClient;

/// <summary>
/// An immutable snapshot behind one reference, replaced whole, with change notification: each watcher gets its own
/// channel that keeps only the newest snapshot, so a slow page skips intermediate states instead of slowing the rest.
/// </summary>
public sealed class LiveValue<T>(T initial)
{
    private readonly Lock _gate = new();
    private readonly List<Channel<T>> _watchers = [];
    private T _current = initial;

    public T Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void Update(Func<T, T> change)
    {
        lock (_gate)
        {
            var next = change(_current);
            if (EqualityComparer<T>.Default.Equals(next, _current))
            {
                return;
            }

            _current = next;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(next);
            }
        }
    }

    /// <summary>Every snapshot after <see cref="Current"/> as it is published, newest-wins, until cancelled.</summary>
    public async IAsyncEnumerable<T> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _watchers.Add(channel);
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var value))
                {
                    yield return value;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }
}
