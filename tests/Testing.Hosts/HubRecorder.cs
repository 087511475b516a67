using Hotswap.Contracts;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.Testing.Hosts;

/// <summary>A real SignalR client of a host's swap hub that records every event, awaitable by condition.</summary>
public sealed class HubRecorder : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<object> _events = [];
    private readonly List<(Func<object, bool> Match, TaskCompletionSource<object> Found)> _waiters = [];

    private HubRecorder(HubConnection connection)
    {
        Connection = connection;
        connection.On<HostStatus>(nameof(ISwapHubClient.Status), Record);
        connection.On<SwapStarted>(nameof(ISwapHubClient.SwapStarted), Record);
        connection.On<SwapSucceeded>(nameof(ISwapHubClient.SwapSucceeded), Record);
        connection.On<SwapFailed>(nameof(ISwapHubClient.SwapFailed), Record);
        connection.On<ModelRemoved>(nameof(ISwapHubClient.ModelRemoved), Record);
        connection.On<ValidationWarning>(nameof(ISwapHubClient.ValidationWarning), Record);
        connection.On<DesiredStateChanged>(nameof(ISwapHubClient.DesiredStateChanged), Record);
        connection.On<CheckCompleted>(nameof(ISwapHubClient.CheckCompleted), Record);
        connection.On<RolloutStats>(nameof(ISwapHubClient.RolloutStats), Record);
        connection.On<AutoRollback>(nameof(ISwapHubClient.AutoRolledBack), Record);
        connection.On<BackgroundFault>(nameof(ISwapHubClient.BackgroundFault), Record);
    }

    public HubConnection Connection { get; }

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

    public static Task<HubRecorder> ConnectAsync(RunningHost host, string? token = null) => ConnectAsync(host.Address, token);

    public static async Task<HubRecorder> ConnectAsync(Uri host, string? token = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host, HubPaths.Swap), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        var recorder = new HubRecorder(connection);
        await connection.StartAsync();
        return recorder;
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

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private void Record<T>(T e)
        where T : notnull
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
}
