using Hotswap.Contracts.Status;
using Hotswap.InferenceHost.Tests.Infrastructure;
using Hotswap.Testing;
using Hotswap.Testing.Hosts;

namespace Hotswap.InferenceHost.Tests.Reliability;

/// <summary>
/// A background loop that meets an exception nothing expected (here: the log sink fails while a failure is being
/// reported, so the report itself throws) catches it, reports it in GET /status and on the hub, and goes on: once
/// the fault is gone, the host follows the store again by itself.
/// </summary>
public sealed class BackgroundFaultTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const string Model = ModelStoreScenario.Model;

    // SwapLog's events: a failed check, a failed swap, and a listener that failed on an event.
    private const int CheckFailedLog = 1001;
    private const int SwapFailedLog = 1005;
    private const int ListenerFailedLog = 1007;

    [Fact]
    public async Task A_worker_pass_that_fails_unexpectedly_is_reported_and_the_model_converges_once_the_fault_is_gone()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var sink = FailingLogSink.AddTo(serving.Host, SwapFailedLog, ListenerFailedLog);

        // A swap that fails, whose failure then cannot be reported: the exception leaves the swap.
        await serving.Store.PublishRawAsync("2", [1, 2, 3, 4]);
        var status = await FaultReportedAsync(serving.Host, $"worker {Model}");
        var sent = await serving.Hub.WaitForAsync<BackgroundFault>(f => f.Loop == $"worker {Model}");
        sink.Heal();
        await serving.Store.PublishAsync(3);
        var served = await serving.Host.WaitUntilServingAsync("3");

        var fault = status.BackgroundFaults.Single(f => f.Loop == $"worker {Model}");
        Assert.Contains("the log sink is full", fault.Error);
        Assert.Equal(serving.Host.Service<InferenceHost.Swapping.Reconciler>().HostId, sent.HostId);
        Assert.Equal("3", served!.ServedVersion);
    }

    [Fact]
    public async Task A_check_that_fails_unexpectedly_is_reported_and_the_reconcile_loop_goes_on_following_the_store()
    {
        await using var serving = await ServingHost.StartAsync(s3.Server);
        var good = await ControlScenario.ManifestAsync(serving.Store);
        var sink = FailingLogSink.AddTo(serving.Host, CheckFailedLog, ListenerFailedLog);

        // A check that fails on an empty manifest, whose failure then cannot be reported: the exception leaves the check.
        await serving.Store.WriteManifestAsync("");
        var status = await FaultReportedAsync(serving.Host, "reconcile (poll check)");
        sink.Heal();
        await serving.Store.WriteManifestAsync(good);
        await serving.Store.PublishAsync(2);
        var served = await serving.Host.WaitUntilServingAsync("2");

        Assert.Contains("the log sink is full", status.BackgroundFaults.Single(f => f.Loop == "reconcile (poll check)").Error);
        Assert.Equal("2", served!.ServedVersion);
    }

    private static Task<HostStatus> FaultReportedAsync(RunningHost host, string loop) =>
        Eventually.ReturnsAsync(
            host.StatusAsync,
            s => s.BackgroundFaults.Any(f => f.Loop == loop),
            $"GET /status to report a fault of the loop '{loop}'");
}
