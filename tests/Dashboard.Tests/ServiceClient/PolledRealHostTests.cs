using Hotswap.Dashboard.ServiceClient;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hotswap.Dashboard.Tests.ServiceClient;

/// <summary>A polled host against a real host's <c>GET /status</c>, so the JSON contract is the host's own.</summary>
public sealed class PolledRealHostTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task A_real_hosts_status_reads_as_connected_with_its_served_version()
    {
        var store = new ModelStoreScenario(s3rver.Server);
        await store.PublishAsync(1);
        await using var host = await RunningHost.StartAsync(store);
        await host.WaitUntilServingAsync("1");
        var connected = new TaskCompletionSource<HostState>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var polled = new PolledHost(host.Address.ToString(), TimeSpan.FromSeconds(5), TimeProvider.System, NullLogger.Instance,
            s => { if (s.Connection != HostConnectionState.Connecting) { connected.TrySetResult(s); } });
        using var stop = new CancellationTokenSource();

        var run = polled.RunAsync(stop.Token);
        var state = await connected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(state.Connection == HostConnectionState.Connected, state.Error);
        var model = Assert.Single(state.Status!.Models);
        Assert.Equal(("iris_model", "1"), (model.Model, model.ServedVersion));
    }
}
