using Hotswap.Contracts;
using Hotswap.Contracts.Rollouts;
using Hotswap.Contracts.Status;
using Hotswap.Contracts.Swapping;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotswap.Testing.Hosts;

/// <summary>A real SignalR client of a host's swap hub that records every event, awaitable by condition.</summary>
public sealed class HubRecorder : IAsyncDisposable
{
    private readonly Recording _recording = new();

    private HubRecorder(HubConnection connection)
    {
        Connection = connection;
        connection.On<HostStatus>(nameof(ISwapHubClient.Status), _recording.Add);
        connection.On<SwapStarted>(nameof(ISwapHubClient.SwapStarted), _recording.Add);
        connection.On<SwapSucceeded>(nameof(ISwapHubClient.SwapSucceeded), _recording.Add);
        connection.On<SwapFailed>(nameof(ISwapHubClient.SwapFailed), _recording.Add);
        connection.On<ModelRemoved>(nameof(ISwapHubClient.ModelRemoved), _recording.Add);
        connection.On<ValidationWarning>(nameof(ISwapHubClient.ValidationWarning), _recording.Add);
        connection.On<DesiredStateChanged>(nameof(ISwapHubClient.DesiredStateChanged), _recording.Add);
        connection.On<CheckCompleted>(nameof(ISwapHubClient.CheckCompleted), _recording.Add);
        connection.On<RolloutStats>(nameof(ISwapHubClient.RolloutStats), _recording.Add);
        connection.On<AutoRollback>(nameof(ISwapHubClient.AutoRolledBack), _recording.Add);
        connection.On<BackgroundFault>(nameof(ISwapHubClient.BackgroundFault), _recording.Add);
    }

    public HubConnection Connection { get; }

    public IReadOnlyList<object> Events => _recording.Events;

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
    public Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) => _recording.WaitForAsync(match, timeout);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
